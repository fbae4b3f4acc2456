//! 要點 四(一)：git history as the change trail. What the records say now is checked against
//! how they came to say it: records deleted while they must be kept, signed forms changed
//! without an amendment, signatures added by someone else, entries and signatures recorded
//! long after the dates they bear. The index of history is built once by `evaluate`
//! (crate::history) and read through `Facts::trail`; when history cannot be read these rules
//! stay silent and `history-unavailable` says why.

pub mod entry_backdated;
pub mod history_rewritten;
pub mod record_deleted;
pub mod signature_backdated;
pub mod signed_record_modified;
pub mod signoff_identity_mismatch;
pub mod signoff_unverified;

use super::{Pass, Rule, Sink};
use crate::diag::Finding;
use crate::facts::signed::{
    versions, FormTrail, INTERNAL_ROLES, LOG_ROLES, MONTHLY_ROLES, REVIEW_ROLES,
};
use crate::facts::Facts;
use crate::history::History;
use crate::source::FileId;

pub use entry_backdated::ENTRY_BACKDATED;
pub use history_rewritten::HISTORY_REWRITTEN;
pub use record_deleted::RECORD_DELETED;
pub use signature_backdated::SIGNATURE_BACKDATED;
pub use signed_record_modified::SIGNED_RECORD_MODIFIED;
pub use signoff_identity_mismatch::SIGNOFF_IDENTITY_MISMATCH;
pub use signoff_unverified::SIGNOFF_UNVERIFIED;

pub static RULES: &[&Rule] = &[
    &RECORD_DELETED,
    &SIGNED_RECORD_MODIFIED,
    &SIGNOFF_IDENTITY_MISMATCH,
    &SIGNOFF_UNVERIFIED,
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
    each_signed_form(facts, history, sink, |form, out| {
        let current = Some(facts.sources.get(form.file).text.as_str());
        signed_record_modified::judge(form, current, out);
        signoff_identity_mismatch::judge(import, form, out);
        if facts.policy.verify_signoff_signatures {
            signoff_unverified::judge(import, form, out);
        }
        entry_backdated::judge(facts, import, form, out);
        signature_backdated::judge(import, form, out);
    });
}

/// Runs `judge` on every signed form of every office with its versions, forms in parallel
/// (each form's versions are parsed once, then dropped), and pushes what it finds.
pub fn each_signed_form<'a>(
    facts: &'a Facts<'a>,
    history: &'a History,
    sink: &mut Sink,
    judge: impl Fn(&FormTrail<'a>, &mut Vec<Finding>) + Sync,
) {
    use rayon::prelude::*;
    let mut forms = Vec::new();
    for office in &facts.offices {
        let o = office.records;
        let mut add = |file: FileId, subject: String, noun, roles, signoff, log| {
            let name = &facts.sources.get(file).name;
            if let Some((_, rel)) = name.split_once('/') {
                forms.push((
                    office,
                    rel.to_string(),
                    file,
                    subject,
                    noun,
                    roles,
                    signoff,
                    log,
                ));
            }
        };
        for (m, l) in &o.logs {
            add(
                l.file,
                m.to_string(),
                "日誌表",
                LOG_ROLES,
                l.data.signoff.as_ref(),
                Some(l),
            );
        }
        for (m, a) in &o.monthly_audits {
            add(
                a.file,
                m.to_string(),
                "內部稽核紀錄表",
                MONTHLY_ROLES,
                a.data.signoff.as_ref(),
                None,
            );
        }
        for (d, a) in &o.internal_audits {
            add(
                a.file,
                d.to_string(),
                "不定期稽核紀錄",
                INTERNAL_ROLES,
                a.data.signoff.as_ref(),
                None,
            );
        }
        for (h, r) in &o.permission_reviews {
            add(
                r.file,
                h.to_string(),
                "權限清查紀錄",
                REVIEW_ROLES,
                r.data.signoff.as_ref(),
                None,
            );
        }
    }
    let found: Vec<Finding> = forms
        .into_par_iter()
        .flat_map_iter(|(office, path, file, subject, noun, roles, signoff, log)| {
            let versions = versions(facts, history, &path);
            let form = FormTrail {
                history,
                office,
                path,
                file,
                subject,
                noun,
                roles,
                signoff,
                log,
                versions,
            };
            let mut out = Vec::new();
            judge(&form, &mut out);
            out
        })
        .collect();
    for f in found {
        sink.push(f);
    }
}
