//! Reading rules and bad input: every malformed file is a finding with file, line and column.
