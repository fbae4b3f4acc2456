//! The one integration test binary (STYLE.md): fixture tests per rule family, the demo
//! records, the command line, and the site.

mod git_repo;
mod harness;
mod tools;

mod accounts;
mod audits;
mod base;
mod build_out;
mod catalogue;
mod ci_steps;
mod ci_templates;
mod cli;
mod deadlines;
mod demo;
mod determinism;
mod encodings;
mod export;
mod file_system;
mod heldout;
mod history_index;
mod history_rewritten;
mod import;
mod lsp;
mod messages;
mod properties;
mod reading;
mod report;
mod review;
mod sarif_multitool;
mod scaffold;
mod scale;
mod schema_taplo;
mod serve;
mod signed;
mod site;
mod site_history;
mod site_pages;
mod site_security;
mod site_words;
mod spreadsheet;
mod trail;
mod usage;
mod wording;
