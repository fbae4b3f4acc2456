//! 要點 四(一)：git history as the change trail. What the records say now is checked against
//! how they came to say it: records deleted while they must be kept, signed forms changed
//! without an amendment, signatures added by someone else, entries and signatures recorded
//! long after the dates they bear. The index of history is built once by `evaluate`
//! (crate::history) and read through `Facts::trail`; when history cannot be read these rules
//! stay silent and `history-unavailable` says why.

pub mod entry_backdated;
pub mod forms;
pub mod history_rewritten;
pub mod record_deleted;
pub mod signature_backdated;
pub mod signed_record_modified;
pub mod signoff_identity_mismatch;

use super::{Pass, Rule, Sink};
use crate::facts::Facts;

pub use entry_backdated::ENTRY_BACKDATED;
pub use history_rewritten::HISTORY_REWRITTEN;
pub use record_deleted::RECORD_DELETED;
pub use signature_backdated::SIGNATURE_BACKDATED;
pub use signed_record_modified::SIGNED_RECORD_MODIFIED;
pub use signoff_identity_mismatch::SIGNOFF_IDENTITY_MISMATCH;

pub static RULES: &[&Rule] = &[
    &RECORD_DELETED,
    &SIGNED_RECORD_MODIFIED,
    &SIGNOFF_IDENTITY_MISMATCH,
    &ENTRY_BACKDATED,
    &SIGNATURE_BACKDATED,
    &HISTORY_REWRITTEN,
];

pub static PASSES: &[Pass] = &[
    Pass::Records(record_deleted::check),
    Pass::Records(check_forms),
    Pass::Records(history_rewritten::check),
];

/// The rules that read each signed form's versions share one parse of them.
fn check_forms(facts: &Facts, sink: &mut Sink) {
    let Some(history) = facts.trail.and_then(|t| t.history.as_ref()) else {
        return;
    };
    let import = history.import_commit();
    forms::each_signed_form(facts, history, sink, |form, out| {
        let current = Some(facts.sources.get(form.file).text.as_str());
        signed_record_modified::judge(history, form, current, out);
        signoff_identity_mismatch::judge(history, import, form, out);
        entry_backdated::judge(facts, history, import, form, out);
        signature_backdated::judge(history, import, form, out);
    });
}
