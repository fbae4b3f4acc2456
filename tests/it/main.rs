//! The one integration test binary (STYLE.md): fixture tests per rule family, the demo
//! records, the command line, and the site.

mod harness;

mod accounts;
mod audits;
mod base;
mod catalogue;
mod cli;
mod deadlines;
mod demo;
mod import;
mod reading;
mod site;
mod trail;
mod usage;
