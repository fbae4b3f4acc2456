//! The static compliance site (being written).
