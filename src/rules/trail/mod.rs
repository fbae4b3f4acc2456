//! Rules of this family (see rules.md).

use super::{Pass, Rule};

pub static RULES: &[&Rule] = &[];

pub static PASSES: &[Pass] = &[];
