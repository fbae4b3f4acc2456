//! The base fixture every rule overlay starts from must itself be clean: no finding at all.

use crate::harness::*;

#[test]
fn base_fixture_has_no_findings() {
    let records = fixtures().join("base/records");
    let e = eval_without_history(&records);
    assert_eq!(seen(&e), vec![], "the base fixture must raise nothing");
}
