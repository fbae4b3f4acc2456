//! The one integration test binary (STYLE.md): fixture tests per rule family, the demo
//! records, the command line, and the site.

mod git_repo;
mod harness;

mod accounts;
mod audits;
mod base;
mod catalogue;
mod cli;
mod deadlines;
mod demo;
mod export;
mod hardening;
mod history_index;
mod import;
mod reading;
mod scaffold;
mod scale;
mod serve;
mod site;
mod site_history;
mod site_pages;
mod trail;
mod usage;
