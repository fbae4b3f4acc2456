//! The command line: exit codes, formats, bad input.
