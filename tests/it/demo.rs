//! The demo records raise exactly the findings listed in records/README.md.
