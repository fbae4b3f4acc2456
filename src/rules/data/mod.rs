//! 要點 三(七)、三(八)：取得資料之保管、附卷或銷毀，以及依個人資料保護法處理並負保密義務。

pub mod pii_in_free_text;
pub mod printout_unresolved;

use super::{Pass, Rule};

pub use pii_in_free_text::PII_IN_FREE_TEXT;
pub use printout_unresolved::PRINTOUT_UNRESOLVED;

pub static RULES: &[&Rule] = &[&PRINTOUT_UNRESOLVED, &PII_IN_FREE_TEXT];

pub static PASSES: &[Pass] = &[
    Pass::Records(printout_unresolved::check),
    Pass::Records(pii_in_free_text::check),
];
