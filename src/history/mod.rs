//! Git history as the change trail (being written).
