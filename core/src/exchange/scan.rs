//! Reading a large file in parts: one resumable pass over its bytes finds
//! each student and each embedded file, so the page answers between parts;
//! a student whose text is the text storage holds here is that very record
//! ([`KnownTexts`]), taken as it is instead of read anew.

use super::check::check;
use super::format::{EmbeddedFile, Envelope, MAX_FILE_BYTES};
use super::read::head_of;
use crate::records::StudentRecord;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A student's text as storage holds it, beside the record it reads as.
pub type StoredText = (Arc<StudentRecord>, Arc<String>);

/// Texts of students as storage holds them, each beside the record it reads
/// as: a student in a file whose text is one of these is that record, taken
/// as it is instead of read anew (most of a backup opened on the device
/// that wrote it, or on one that already has it).
#[derive(Default)]
pub struct KnownTexts {
    /// By the text's first [`KnownTexts::PREFIX`] bytes (a student's text
    /// starts with its id).
    by_start: BTreeMap<Vec<u8>, Vec<StoredText>>,
    /// Texts shorter than that (none in practice).
    short: Vec<StoredText>,
}

impl KnownTexts {
    const PREFIX: usize = 96;

    pub fn new(texts: impl IntoIterator<Item = StoredText>) -> KnownTexts {
        let mut known = KnownTexts::default();
        for (r, t) in texts {
            match t.as_bytes().get(..Self::PREFIX) {
                Some(key) => known.by_start.entry(key.to_vec()).or_default().push((r, t)),
                None => known.short.push((r, t)),
            }
        }
        known
    }

    /// The record whose text `rest` starts with, and that text's length.
    /// A known text is a whole JSON object: when `rest` starts with it, the
    /// value there is exactly that text, whatever follows.
    fn find(&self, rest: &str) -> Option<(usize, Arc<StudentRecord>)> {
        let b = rest.as_bytes();
        let long = b.get(..Self::PREFIX).and_then(|k| self.by_start.get(k));
        long.into_iter()
            .flatten()
            .chain(&self.short)
            .find(|(_, t)| b.starts_with(t.as_bytes()))
            .map(|(r, t)| (t.len(), r.clone()))
    }
}

/// One pass over a file's bytes (strings and escapes respected) that finds
/// the two long arrays — `data.students` and `data.files` — and stops at
/// each student, so it can be read (or recognised) and passed over, and at
/// each embedded file. Resumable: a large file is read a part at a time, the
/// page answering between parts.
struct Scan<'a> {
    b: &'a [u8],
    i: usize,
    /// Open containers: (is an object, key of the value being read in it).
    stack: Vec<(bool, Option<(usize, usize)>)>,
    expect_key: bool,
    /// Each array: where '[' and ']' are, and whether it holds students.
    arrays: Vec<(usize, usize, bool)>,
    /// The array being read (index into `arrays`).
    target: Option<usize>,
    element_start: usize,
    /// In that array: an element may come next (just opened, or after a
    /// comma), and whether a comma was the last thing read.
    open_for_element: bool,
    after_comma: bool,
}

enum Found {
    /// A student's object starts here.
    Student(usize),
    /// An embedded file's object is here.
    File(usize, usize),
    End,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Scan<'a> {
        Scan {
            b: text.as_bytes(),
            i: 0,
            stack: Vec::new(),
            expect_key: false,
            arrays: Vec::new(),
            target: None,
            element_start: 0,
            open_for_element: false,
            after_comma: false,
        }
    }

    fn key_at(&self, depth: usize) -> Option<&[u8]> {
        let (_, key) = self.stack.get(depth)?;
        key.map(|(s, e)| &self.b[s..e])
    }

    /// Runs to the next student (the caller then moves `i` past it) or to
    /// the end; `None` when the file is not laid out so (then it is read
    /// whole by [`parse`]).
    fn next(&mut self) -> Option<Found> {
        let b = self.b;
        let in_array = |s: &Self| s.target.is_some() && s.stack.len() == 3;
        while self.i < b.len() {
            match b[self.i] {
                b'"' => {
                    if in_array(self) {
                        // A bare string as an element: not a file of ours.
                        return None;
                    }
                    let start = self.i + 1;
                    self.i += 1;
                    while self.i < b.len() && b[self.i] != b'"' {
                        if b[self.i] == b'\\' {
                            self.i += 1;
                        }
                        self.i += 1;
                    }
                    if self.expect_key {
                        if let Some(top) = self.stack.last_mut() {
                            top.1 = Some((start, self.i));
                        }
                        self.expect_key = false;
                    }
                }
                c @ (b'{' | b'[') => {
                    let object = c == b'{';
                    if let Some(t) = self.target.filter(|_| in_array(self)) {
                        // Two elements without a comma between.
                        if !self.open_for_element {
                            return None;
                        }
                        self.open_for_element = false;
                        self.after_comma = false;
                        if self.arrays[t].2 {
                            return Some(Found::Student(self.i));
                        }
                        self.element_start = self.i;
                    }
                    // The values of "students" and "files" in the object
                    // that is the value of "data".
                    if !object
                        && self.stack.len() == 2
                        && self.key_at(0) == Some(b"data".as_slice())
                    {
                        let students = self.key_at(1) == Some(b"students".as_slice());
                        if students || self.key_at(1) == Some(b"files".as_slice()) {
                            self.target = Some(self.arrays.len());
                            self.arrays.push((self.i, 0, students));
                            self.open_for_element = true;
                            self.after_comma = false;
                        }
                    }
                    self.stack.push((object, None));
                    self.expect_key = object;
                }
                b'}' | b']' => {
                    // A comma before the array's end.
                    if in_array(self) && self.after_comma {
                        return None;
                    }
                    self.stack.pop()?;
                    self.expect_key = false;
                    if let Some(t) = self.target {
                        if self.stack.len() == 3 {
                            self.i += 1;
                            return Some(Found::File(self.element_start, self.i));
                        } else if self.stack.len() == 2 {
                            self.arrays[t].1 = self.i;
                            self.target = None;
                        }
                    }
                }
                b',' => {
                    if in_array(self) {
                        // A comma with no element before it.
                        if self.open_for_element {
                            return None;
                        }
                        self.open_for_element = true;
                        self.after_comma = true;
                    }
                    if let Some((object, key)) = self.stack.last_mut() {
                        if *object {
                            *key = None;
                            self.expect_key = true;
                        }
                    }
                }
                c if in_array(self) && !c.is_ascii_whitespace() => {
                    // A bare value as an element: not a file of ours.
                    return None;
                }
                _ => {}
            }
            self.i += 1;
        }
        let kinds = self.arrays.iter().filter(|a| a.2).count();
        (self.stack.is_empty()
            && !self.arrays.is_empty()
            && self.arrays.len() - kinds <= 1
            && kinds <= 1)
            .then_some(Found::End)
    }

    /// The file with both arrays empty.
    fn skeleton(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() / 64 + 1024);
        let mut from = 0;
        for (open, close, _) in &self.arrays {
            out.push_str(&text[from..=*open]);
            from = *close;
        }
        out.push_str(&text[from..]);
        out
    }
}

/// A file being read in parts: each student (recognised by its stored
/// text, or read) and each embedded file in turn, then the rest of the file
/// (its skeleton, with both long arrays empty), then every rule. Any problem sends the caller back to [`parse`] for the exact
/// message and position.
pub struct PartRead<'a> {
    text: &'a str,
    scan: Scan<'a>,
    known: KnownTexts,
    students: Vec<Arc<StudentRecord>>,
    files: Vec<EmbeddedFile>,
    /// Once the scan is through: the skeleton read.
    env: Option<Envelope>,
    /// How many students were recognised by their stored text.
    pub recognised: usize,
}

impl<'a> PartRead<'a> {
    /// Starts on a plain export file; `None` when it is better read whole
    /// (a problem, or an unusual layout). `known`: texts of records on this
    /// device (may be empty).
    pub fn start(text: &'a str, known: KnownTexts) -> Option<PartRead<'a>> {
        if text.len() > MAX_FILE_BYTES || !head_of(text).ok()?.readable() {
            return None;
        }
        Some(PartRead {
            text,
            scan: Scan::new(text),
            known,
            students: Vec::new(),
            files: Vec::new(),
            env: None,
            recognised: 0,
        })
    }

    /// Reads up to `n` more elements (a recognised student counts as a
    /// fraction of one); `Some(done fraction)` until all are read, `None`
    /// on a problem.
    pub fn step(&mut self, n: usize) -> Option<f64> {
        let mut left = n * 16;
        while left > 0 && self.env.is_none() {
            match self.scan.next()? {
                Found::Student(at) => {
                    let rest = &self.text[at..];
                    let (len, r) = match self.known.find(rest) {
                        Some(found) => {
                            self.recognised += 1;
                            left = left.saturating_sub(1);
                            found
                        }
                        None => {
                            let mut values = serde_json::Deserializer::from_str(rest)
                                .into_iter::<StudentRecord>();
                            let r = values.next()?.ok()?;
                            left = left.saturating_sub(16);
                            (values.byte_offset(), Arc::new(r))
                        }
                    };
                    self.students.push(r);
                    self.scan.i = at + len;
                }
                Found::File(from, to) => {
                    self.files
                        .push(serde_json::from_str(&self.text[from..to]).ok()?);
                    left = left.saturating_sub(16);
                }
                Found::End => {
                    let mut env: Envelope =
                        serde_json::from_str(&self.scan.skeleton(self.text)).ok()?;
                    env.data.students = std::mem::take(&mut self.students);
                    env.data.files = std::mem::take(&mut self.files);
                    self.env = Some(env);
                }
            }
        }
        // How far through the text.
        Some(self.scan.i as f64 / self.text.len().max(1) as f64)
    }

    pub fn done(&self) -> bool {
        self.env.is_some()
    }

    /// Every rule of the whole file; `None` when a rule fails (then
    /// [`parse`] gives the message).
    pub fn finish(self) -> Option<Envelope> {
        let env = self.env?;
        check(&env).is_empty().then_some(env)
    }
}
