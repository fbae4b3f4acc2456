//! imaudit: checks a county's household registration offices' records against the
//! 彰化縣各戶政事務所應用移民資訊作業系統管理要點 and renders a static compliance site.
//!
//! Data flows one way: `load` → `model` → `facts` → `rules` → `diag` / `site`.

pub mod catalogue;
pub mod cli;
pub mod cmd;
pub mod deadlines;
pub mod diag;
pub mod evaluate;
pub mod export;
pub mod facts;
pub mod history;
pub mod import;
pub mod load;
pub mod lsp;
pub mod manifest;
pub mod model;
pub mod rules;
pub mod scaffold;
pub mod schema;
pub mod serve;
pub mod site;
pub mod source;
pub mod text;
pub mod time;
