//! Git history: the change trail and the rules that read it.
