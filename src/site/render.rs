//! The tera templates, embedded in the binary (include_str!), so `imaudit build` needs no
//! files beside it. Templates ending in `.html` are autoescaped: record text always goes
//! through the escaper, and the only `| safe` values are HTML the program built itself
//! (rendered Markdown, sanitised by markdown.rs; 附件一's rows, built by views/forms.rs with
//! tera's own escaper).
//!
//! Each page has a fingerprint: a SHA-256 of the templates, the template's name and the page's
//! data (its `Meta` and view, as JSON). Rendering is a pure function of those, so a page whose
//! fingerprint an old page of the site had is not rendered again: output.rs links the old file
//! (issue 6, "build with nothing changed").
//!
//! The usage logs' pages (a million rows in a county) are fingerprinted by their inputs
//! instead, before their view is built ([`Inputs`], [`Templates::render_inputs`]): the hash of
//! the file's text, the findings in it, the names it shows and the rest of what
//! `views::forms::log` reads, and this program's build. Building and hashing their views
//! just to find them unchanged was most of a county's "nothing changed" rebuild.
use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};
use tera::{Context, Tera};

use super::output::Previous;
use super::views::Meta;

/// Every template, by name: the one registry (the page kinds name theirs, src/site/pages.rs; a
/// meta-test holds this list to templates/ and to the kinds). A template missing here fails
/// the build at start-up, not halfway.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    (
        "dashboard.html",
        include_str!("../../templates/dashboard.html"),
    ),
    ("office.html", include_str!("../../templates/office.html")),
    ("person.html", include_str!("../../templates/person.html")),
    ("log.html", include_str!("../../templates/log.html")),
    (
        "monthly_audit.html",
        include_str!("../../templates/monthly_audit.html"),
    ),
    (
        "internal_audit.html",
        include_str!("../../templates/internal_audit.html"),
    ),
    (
        "permission_review.html",
        include_str!("../../templates/permission_review.html"),
    ),
    (
        "inspection.html",
        include_str!("../../templates/inspection.html"),
    ),
    (
        "handover.html",
        include_str!("../../templates/handover.html"),
    ),
    (
        "incident.html",
        include_str!("../../templates/incident.html"),
    ),
    ("rules.html", include_str!("../../templates/rules.html")),
    ("rule.html", include_str!("../../templates/rule.html")),
    (
        "regulation.html",
        include_str!("../../templates/regulation.html"),
    ),
    (
        "coverage.html",
        include_str!("../../templates/coverage.html"),
    ),
    (
        "deadlines.html",
        include_str!("../../templates/deadlines.html"),
    ),
    ("source.html", include_str!("../../templates/source.html")),
    (
        "findings.html",
        include_str!("../../templates/findings.html"),
    ),
    ("blank.html", include_str!("../../templates/blank.html")),
    ("binder.html", include_str!("../../templates/binder.html")),
    ("history.html", include_str!("../../templates/history.html")),
    (
        "history_index.html",
        include_str!("../../templates/history_index.html"),
    ),
    ("guide.html", include_str!("../../templates/guide.html")),
    (
        "guide_index.html",
        include_str!("../../templates/guide_index.html"),
    ),
];

/// The templates no page kind renders itself: the frame every page extends and the macros
/// they import.
pub const LAYOUTS: &[&str] = &["base.html", "components.html"];

/// The stylesheet, one hand-written file for screen and print.
pub const STYLESHEET: &str = include_str!("../../templates/static/style.css");

/// A page's fingerprint: what its bytes are a function of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn from_hex(s: &str) -> Option<Fingerprint> {
        if s.len() != 64 || !s.is_ascii() {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, byte) in out.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
        }
        Some(Fingerprint(out))
    }
}

/// A rendered page: its fingerprint, and its HTML unless an old page with the same
/// fingerprint is there to keep (then it was not rendered).
pub struct Rendered {
    pub fingerprint: Fingerprint,
    pub html: Option<String>,
}

pub struct Templates {
    tera: Tera,
    /// Of every template's name and text, and of this program's version.
    set: [u8; 32],
    /// Of this program's build (`build_identity`): what input fingerprints add for the code
    /// that turns inputs into a view, which the view fingerprint has no need of.
    build: [u8; 32],
    /// The site being replaced, whose pages may be kept.
    previous: Option<Arc<Previous>>,
}

impl Templates {
    /// The embedded templates, with `overrides` (name, text) replacing or adding some: the
    /// tests use this to make a build fail halfway and check the old site survives.
    pub fn new(overrides: &[(String, String)]) -> Result<Templates, tera::Error> {
        let mut tera = Tera::default();
        let mut all: Vec<(&str, &str)> = TEMPLATES.to_vec();
        for (name, text) in overrides {
            match all.iter_mut().find(|(n, _)| n == name) {
                Some(slot) => slot.1 = text,
                None => all.push((name, text)),
            }
        }
        let mut set = Sha256::new();
        set.update(concat!("imaudit ", env!("CARGO_PKG_VERSION"), "\0"));
        let mut sorted = all.clone();
        sorted.sort();
        for (name, text) in &sorted {
            set.update((name.len() as u64).to_le_bytes());
            set.update(name);
            set.update((text.len() as u64).to_le_bytes());
            set.update(text);
        }
        tera.add_raw_templates(all)?;
        Ok(Templates {
            tera,
            set: set.finalize().into(),
            build: build_identity(),
            previous: None,
        })
    }

    /// Lets pages whose fingerprint the old site has go unrendered.
    pub fn reusing(mut self, previous: Option<Arc<Previous>>) -> Templates {
        self.previous = previous;
        self
    }

    /// The fingerprint of `template` rendered with `meta` and `view`.
    pub fn fingerprint<V: Serialize>(
        &self,
        template: &str,
        meta: &Meta,
        view: &V,
    ) -> Result<Fingerprint, tera::Error> {
        let mut h = hash::Hasher::new();
        h.bytes(0, &self.set);
        h.bytes(0, template.as_bytes());
        (meta, view)
            .serialize(hash::Feed(&mut h))
            .map_err(|e| tera::Error::message(format!("頁面資料無法序列化：{e}")))?;
        Ok(Fingerprint(h.finish()))
    }

    /// The start of a page's input fingerprint: the templates, this build of the program,
    /// the template's name, and the page's path and `Meta`. The caller adds the rest of what
    /// the page's view is made from.
    pub fn inputs(&self, template: &str, path: &str, meta: &Meta) -> Inputs {
        let mut h = hash::Hasher::new();
        h.bytes(0, b"inputs 1");
        h.bytes(0, &self.set);
        h.bytes(0, &self.build);
        h.bytes(0, template.as_bytes());
        h.bytes(0, path.as_bytes());
        let mut inputs = Inputs(h);
        inputs.add(meta);
        inputs
    }

    /// This program's build, as input fingerprints hold it.
    pub fn build_id(&self) -> &[u8; 32] {
        &self.build
    }

    /// The start of the input fingerprint of a file that is not a page (`manifest.json`).
    pub fn file_inputs(&self, path: &str) -> Inputs {
        let mut h = hash::Hasher::new();
        h.bytes(0, b"file inputs 1");
        h.bytes(0, &self.set);
        h.bytes(0, &self.build);
        h.bytes(0, path.as_bytes());
        Inputs(h)
    }

    /// A file fingerprinted by its inputs: `make` is called only when the old site has no
    /// file with that fingerprint.
    pub fn make_inputs(
        &self,
        inputs: Inputs,
        make: impl FnOnce() -> String,
    ) -> Result<Rendered, tera::Error> {
        let fingerprint = inputs.finish()?;
        let kept = self
            .previous
            .as_ref()
            .is_some_and(|prev| prev.page(&fingerprint).is_some());
        Ok(Rendered {
            fingerprint,
            html: (!kept).then(make),
        })
    }

    /// Renders a page fingerprinted by its inputs: `view` is built, and the page rendered,
    /// only when the old site has no page with that fingerprint.
    pub fn render_inputs<V: Serialize>(
        &self,
        template: &str,
        meta: &Meta,
        inputs: Inputs,
        view: impl FnOnce() -> V,
    ) -> Result<Rendered, tera::Error> {
        self.render_unless_kept(inputs.finish()?, template, meta, view)
    }

    pub fn render<V: Serialize>(
        &self,
        template: &str,
        meta: &Meta,
        view: &V,
    ) -> Result<Rendered, tera::Error> {
        let fingerprint = self.fingerprint(template, meta, view)?;
        self.render_unless_kept(fingerprint, template, meta, || view)
    }

    /// Renders `template` with `meta` and the view, unless the old site has a page with this
    /// fingerprint (then the view is not even built).
    fn render_unless_kept<V: Serialize>(
        &self,
        fingerprint: Fingerprint,
        template: &str,
        meta: &Meta,
        view: impl FnOnce() -> V,
    ) -> Result<Rendered, tera::Error> {
        if let Some(prev) = &self.previous {
            if prev.page(&fingerprint).is_some() {
                return Ok(Rendered {
                    fingerprint,
                    html: None,
                });
            }
        }
        let mut ctx = Context::new();
        ctx.insert("page", meta);
        ctx.insert("v", &view());
        let html = self.tera.render(template, &ctx)?;
        Ok(Rendered {
            fingerprint,
            html: Some(html),
        })
    }
}

/// What a page is made from, being hashed ([`Templates::inputs`]). Whatever a page's view
/// reads must go in; when in doubt, add it: a missing input keeps a stale page, an extra one
/// only costs a render.
pub struct Inputs(hash::Hasher);

impl Inputs {
    /// Adds a value, as the view fingerprints hash views.
    pub fn add<V: Serialize + ?Sized>(&mut self, v: &V) {
        if let Err(e) = v.serialize(hash::Feed(&mut self.0)) {
            // Not expected (plain data); a value that cannot be hashed must not let a stale
            // page be kept, so the fingerprint is made unmatchable.
            self.0
                .bytes(0, format!("unhashable {e} {:?}", unique()).as_bytes());
        }
    }

    /// Adds bytes (a file's text hash, say).
    pub fn bytes(&mut self, b: &[u8]) {
        self.0.bytes(1, b);
    }

    fn finish(self) -> Result<Fingerprint, tera::Error> {
        Ok(Fingerprint(self.0.finish()))
    }

    /// The fingerprint of what was added (a key of `site::Reuse`).
    pub fn finish_fingerprint(self) -> Fingerprint {
        Fingerprint(self.0.finish())
    }

    /// The hash of what was added, to add to other inputs.
    pub fn finish_bytes(self) -> [u8; 32] {
        self.0.finish()
    }
}

/// This program's build: its version and its executable's size and modification time, so a
/// rebuilt or upgraded program renders again what its code might render differently. When
/// the executable cannot be looked at, a value no other run has: nothing is kept.
fn build_identity() -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(concat!("imaudit ", env!("CARGO_PKG_VERSION"), "\0"));
    let exe = std::env::current_exe().and_then(std::fs::metadata);
    match exe.as_ref().map(|m| (m.len(), m.modified())) {
        Ok((len, Ok(modified))) => {
            h.update(len.to_le_bytes());
            let since = modified
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap_or_default();
            h.update(since.as_nanos().to_le_bytes());
        }
        _ => h.update(format!("{:?}", unique())),
    }
    h.finalize().into()
}

/// A value no other run of the program has (the clock and the process).
fn unique() -> (u128, u32) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    (now.as_nanos(), std::process::id())
}

/// Renders single pages outside a build, as a build would: for the benchmarks
/// (benches/county.rs) and for anything that needs one page without a site. Made once per
/// evaluation (the templates and the lookups), then asked for pages.
pub struct OnePage<'a> {
    templates: Templates,
    lookup: super::lookup::Lookup<'a>,
}

impl<'a> OnePage<'a> {
    pub fn new(eval: &'a crate::evaluate::Evaluation) -> Result<OnePage<'a>, super::BuildError> {
        let templates = Templates::new(&[]).map_err(|source| super::BuildError::Template {
            page: "templates".into(),
            source,
        })?;
        Ok(OnePage {
            templates,
            lookup: super::lookup::Lookup::new(eval),
        })
    }

    /// The usage-log page (附件一) of one office-month; `None` when there is no such log.
    pub fn log(
        &self,
        office: &str,
        month: crate::time::Month,
    ) -> Result<Option<String>, super::BuildError> {
        let known = self
            .lookup
            .eval
            .records()
            .offices
            .get(office)
            .is_some_and(|o| o.logs.contains_key(&month));
        if !known {
            return Ok(None);
        }
        let page = super::pages::Page::log(office, month);
        let (_, page) = super::pages::render_page(&self.templates, &self.lookup, &page)?;
        Ok(page.html)
    }
}

/// A serde serializer that feeds the data straight into a hash: each value as a type tag and
/// its bytes, strings and sequences with their lengths, so different data cannot feed the
/// same bytes. Cheaper than hashing JSON (no escaping, no number formatting), which was a fifth
/// of a county's "nothing changed" rebuild (issue 6).
mod hash {
    use serde::ser::{self, Serialize};
    use sha2::{Digest, Sha256};

    /// SHA-256 over a compact encoding, fed in blocks: values are short and many.
    pub struct Hasher {
        sha: Sha256,
        buf: Vec<u8>,
    }

    impl Hasher {
        pub fn new() -> Hasher {
            Hasher {
                sha: Sha256::new(),
                buf: Vec::with_capacity(16 * 1024),
            }
        }

        fn tag(&mut self, t: u8) {
            self.buf.push(t);
            self.flush_if_full();
        }

        fn flush_if_full(&mut self) {
            if self.buf.len() >= 16 * 1024 {
                self.sha.update(&self.buf);
                self.buf.clear();
            }
        }

        /// An unsigned number, seven bits a byte (LEB128).
        fn number(&mut self, mut n: u64) {
            loop {
                let low = (n & 0x7f) as u8;
                n >>= 7;
                if n == 0 {
                    self.buf.push(low);
                    break;
                }
                self.buf.push(low | 0x80);
            }
        }

        /// A tag, the length, the bytes.
        pub fn bytes(&mut self, t: u8, b: &[u8]) {
            self.buf.push(t);
            self.number(b.len() as u64);
            if b.len() > 4096 {
                self.sha.update(&self.buf);
                self.buf.clear();
                self.sha.update(b);
            } else {
                self.buf.extend_from_slice(b);
                self.flush_if_full();
            }
        }

        pub fn finish(mut self) -> [u8; 32] {
            self.sha.update(&self.buf);
            self.sha.finalize().into()
        }
    }

    pub struct Feed<'h>(pub &'h mut Hasher);

    #[derive(Debug)]
    pub struct Error(String);

    impl std::fmt::Display for Error {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for Error {}

    impl ser::Error for Error {
        fn custom<T: std::fmt::Display>(msg: T) -> Error {
            Error(msg.to_string())
        }
    }

    impl Feed<'_> {
        fn tag(&mut self, t: u8) {
            self.0.tag(t);
        }

        fn bytes(&mut self, t: u8, b: &[u8]) {
            self.0.bytes(t, b);
        }

        fn number(&mut self, t: u8, n: u64) {
            self.0.tag(t);
            self.0.number(n);
        }

        fn again(&mut self) -> Feed<'_> {
            Feed(self.0)
        }
    }

    type R = Result<(), Error>;

    impl<'h> ser::Serializer for Feed<'h> {
        type Ok = ();
        type Error = Error;
        type SerializeSeq = Feed<'h>;
        type SerializeTuple = Feed<'h>;
        type SerializeTupleStruct = Feed<'h>;
        type SerializeTupleVariant = Feed<'h>;
        type SerializeMap = Feed<'h>;
        type SerializeStruct = Feed<'h>;
        type SerializeStructVariant = Feed<'h>;

        fn serialize_bool(mut self, v: bool) -> R {
            self.number(1, u64::from(v));
            Ok(())
        }
        fn serialize_i8(self, v: i8) -> R {
            self.serialize_i64(v.into())
        }
        fn serialize_i16(self, v: i16) -> R {
            self.serialize_i64(v.into())
        }
        fn serialize_i32(self, v: i32) -> R {
            self.serialize_i64(v.into())
        }
        fn serialize_i64(mut self, v: i64) -> R {
            // Zigzag: small negative numbers stay short too.
            self.number(2, ((v << 1) ^ (v >> 63)) as u64);
            Ok(())
        }
        fn serialize_u8(self, v: u8) -> R {
            self.serialize_u64(v.into())
        }
        fn serialize_u16(self, v: u16) -> R {
            self.serialize_u64(v.into())
        }
        fn serialize_u32(self, v: u32) -> R {
            self.serialize_u64(v.into())
        }
        fn serialize_u64(mut self, v: u64) -> R {
            self.number(3, v);
            Ok(())
        }
        fn serialize_f32(self, v: f32) -> R {
            self.serialize_f64(v.into())
        }
        fn serialize_f64(mut self, v: f64) -> R {
            self.bytes(4, &v.to_le_bytes());
            Ok(())
        }
        fn serialize_char(mut self, v: char) -> R {
            self.bytes(5, v.encode_utf8(&mut [0; 4]).as_bytes());
            Ok(())
        }
        fn serialize_str(mut self, v: &str) -> R {
            self.bytes(6, v.as_bytes());
            Ok(())
        }
        fn serialize_bytes(mut self, v: &[u8]) -> R {
            self.bytes(7, v);
            Ok(())
        }
        fn serialize_none(mut self) -> R {
            self.tag(8);
            Ok(())
        }
        fn serialize_some<T: ?Sized + Serialize>(mut self, v: &T) -> R {
            self.tag(9);
            v.serialize(self)
        }
        fn serialize_unit(mut self) -> R {
            self.tag(10);
            Ok(())
        }
        fn serialize_unit_struct(mut self, name: &'static str) -> R {
            self.bytes(11, name.as_bytes());
            Ok(())
        }
        fn serialize_unit_variant(mut self, _: &'static str, i: u32, v: &'static str) -> R {
            self.number(12, i.into());
            self.bytes(12, v.as_bytes());
            Ok(())
        }
        fn serialize_newtype_struct<T: ?Sized + Serialize>(
            mut self,
            name: &'static str,
            v: &T,
        ) -> R {
            self.bytes(13, name.as_bytes());
            v.serialize(self)
        }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            mut self,
            _: &'static str,
            i: u32,
            variant: &'static str,
            v: &T,
        ) -> R {
            self.number(14, i.into());
            self.bytes(14, variant.as_bytes());
            v.serialize(self)
        }
        fn serialize_seq(mut self, len: Option<usize>) -> Result<Feed<'h>, Error> {
            self.number(15, len.map_or(0, |n| n as u64 + 1));
            Ok(self)
        }
        fn serialize_tuple(mut self, len: usize) -> Result<Feed<'h>, Error> {
            self.number(16, len as u64);
            Ok(self)
        }
        fn serialize_tuple_struct(
            mut self,
            name: &'static str,
            _: usize,
        ) -> Result<Feed<'h>, Error> {
            self.bytes(17, name.as_bytes());
            Ok(self)
        }
        fn serialize_tuple_variant(
            mut self,
            _: &'static str,
            i: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Feed<'h>, Error> {
            self.number(18, i.into());
            self.bytes(18, variant.as_bytes());
            Ok(self)
        }
        fn serialize_map(mut self, _: Option<usize>) -> Result<Feed<'h>, Error> {
            self.tag(19);
            Ok(self)
        }
        fn serialize_struct(mut self, name: &'static str, _: usize) -> Result<Feed<'h>, Error> {
            self.bytes(20, name.as_bytes());
            Ok(self)
        }
        fn serialize_struct_variant(
            mut self,
            _: &'static str,
            i: u32,
            variant: &'static str,
            _: usize,
        ) -> Result<Feed<'h>, Error> {
            self.number(21, i.into());
            self.bytes(21, variant.as_bytes());
            Ok(self)
        }
    }

    /// Every compound ends with an end tag, so an element cannot pass for the next one.
    macro_rules! compound {
        ($trait:ident, $method:ident) => {
            impl ser::$trait for Feed<'_> {
                type Ok = ();
                type Error = Error;
                fn $method<T: ?Sized + Serialize>(&mut self, v: &T) -> R {
                    self.tag(30);
                    v.serialize(self.again())
                }
                fn end(mut self) -> R {
                    self.tag(31);
                    Ok(())
                }
            }
        };
    }
    compound!(SerializeSeq, serialize_element);
    compound!(SerializeTuple, serialize_element);
    compound!(SerializeTupleStruct, serialize_field);
    compound!(SerializeTupleVariant, serialize_field);

    impl ser::SerializeMap for Feed<'_> {
        type Ok = ();
        type Error = Error;
        fn serialize_key<T: ?Sized + Serialize>(&mut self, k: &T) -> R {
            self.tag(32);
            k.serialize(self.again())
        }
        fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> R {
            self.tag(33);
            v.serialize(self.again())
        }
        fn end(mut self) -> R {
            self.tag(31);
            Ok(())
        }
    }

    impl ser::SerializeStruct for Feed<'_> {
        type Ok = ();
        type Error = Error;
        fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> R {
            self.bytes(34, key.as_bytes());
            v.serialize(self.again())
        }
        fn skip_field(&mut self, key: &'static str) -> R {
            self.bytes(35, key.as_bytes());
            Ok(())
        }
        fn end(mut self) -> R {
            self.tag(31);
            Ok(())
        }
    }

    impl ser::SerializeStructVariant for Feed<'_> {
        type Ok = ();
        type Error = Error;
        fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> R {
            self.bytes(34, key.as_bytes());
            v.serialize(self.again())
        }
        fn end(mut self) -> R {
            self.tag(31);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp<V: Serialize>(v: &V) -> [u8; 32] {
        let mut h = hash::Hasher::new();
        v.serialize(hash::Feed(&mut h)).unwrap();
        h.finish()
    }

    #[test]
    fn different_data_has_different_fingerprints() {
        // Strings that run into each other, an element moved across a boundary, None and
        // an empty string, numbers of other types: all told apart.
        let cases: Vec<[u8; 32]> = vec![
            fp(&("ab", "c")),
            fp(&("a", "bc")),
            fp(&(vec!["a"], vec!["b", "c"])),
            fp(&(vec!["a", "b"], vec!["c"])),
            fp(&Some("")),
            fp(&None::<&str>),
            fp(&""),
            fp(&1u32),
            fp(&1i32),
            fp(&1.0f64),
            fp(&true),
            fp(&-1i64),
            fp(&u64::MAX),
            fp(&"x".repeat(5000)),
            fp(&"x".repeat(5001)),
        ];
        for (i, a) in cases.iter().enumerate() {
            for b in &cases[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(fp(&("ab", "c")), fp(&("ab", "c")));
    }
}
