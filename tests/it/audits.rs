//! Fixture tests of this family's rules (see harness.rs).

#[allow(unused_imports)]
use crate::harness::*;
