//! The site: pages, escaping, determinism, atomic output, and the browser test.
