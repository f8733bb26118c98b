//! The export file: how portfolios travel between devices (teacher → parents,
//! parents → teacher, teacher → backup). A versioned envelope around the
//! records, with documents embedded as base64 beside their SHA-256.
//!
//! Four scopes: the whole school (a backup), one class, a finished school
//! year's archive (read-only, never merged), and one child —
//! the package for that child's legal representatives (П2 §6.2, §6.4), which
//! holds that child's records and documents, the shared catalogues (and of
//! the staff only the people its records name), their class, and nothing about any other child but an anonymous place in
//! the class by number of achievements.
//!
//! Reading is strict: a file from a newer version is refused before its data
//! is read; then every record is checked (references, ids, lengths, hashes)
//! and the first problems are reported in Russian, saying where.

use crate::catalogue::{CatalogueKind, Catalogues, Entry};
use crate::document::{Document, MAX_DOCUMENTS};
use crate::id::Id;
use crate::merge::{Deleted, Lost, RecordKey};
use crate::portfolio::{Portfolio, StudentRecord};
use crate::school::{Class, School};
use crate::school_year::SchoolYear;
use crate::sha256::sha256_hex;
use crate::stored::{file_key, thumb_key};
use crate::validation::{MAX_SHORT, MAX_TEXT};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// What the `format` field of every export says.
pub const FORMAT: &str = "portfolio-export";
/// The version this app writes and the newest it reads.
///
/// Version 2 added, all optional, so a version-1 file reads as it is (no
/// conversion needed; the tests keep a version-1 fixture): «Баллы рейтинга»
/// (`weight` and `prize` of catalogue entries, `rating` of the school), an
/// achievement's `remote` and `team`, a student's `former_classes`, and a
/// child's class place by rating points (`place_to`, `basis`). A version-1
/// app refuses a version-2 file by its head, instead of dropping those.
///
/// Version 3 (the second regulation) added a student's `rewards` and
/// `observations`, the catalogue `reward_kinds`, an achievement's
/// `by_family`, the archive of a school year (scope `archive`), and made
/// `gto` a badge (`{"sign","stage","date"}`). The one change of meaning is
/// `gto`: a version-1/2 tick `true` reads as a badge of unknown sign and
/// stage (`{}`), `false` as none; everything else is absent in older files
/// and takes its default («Виды поощрений»: the regulation's list).
///
/// Version 4 added `base` (see [`crate::delta`]): a file of changes, which
/// leaves out what its reader already has and names it there. Only such a
/// file is written as version 4: the previous release refuses it by its head
/// (it would take the file for a whole one), while a whole file, unchanged
/// from version 3, is still written as 3 ([`WHOLE_VERSION`]) so that release
/// reads it.
pub const VERSION: u32 = 4;
/// The version a file without `base` is written as.
pub const WHOLE_VERSION: u32 = 3;
/// The oldest version this app reads.
pub const FIRST_VERSION: u32 = 1;
/// The largest export file read (documents embedded make files large; a
/// backup «без документов» stays small).
pub const MAX_FILE_BYTES: usize = 300 * 1024 * 1024;
/// At most this many problems are listed when a file is refused.
const MAX_PROBLEMS: usize = 5;

/// Whose data a file holds: `"school"`, `{"class":{"class_id":…}}` or
/// `{"student":{"student_id":…}}` (serde's external tagging: an internally
/// tagged enum would cost kilobytes of wasm to read).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    School,
    Class {
        class_id: Id,
    },
    /// One child's package, for that child's family.
    Student {
        student_id: Id,
    },
    /// The archive of a finished school year (П2 §7): every class of that
    /// year, and their students' records of that year. It is opened for
    /// reading only, never merged.
    Archive {
        start_year: i32,
    },
}

/// A document's (or thumbnail's) bytes, under its storage key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EmbeddedFile {
    pub key: String,
    pub sha256: String,
    /// Standard base64 with padding.
    pub data: String,
}

/// A child's place in their class, with no name of anyone else: «3-е место
/// из 18 (12 баллов за 2026/2027 учебный год)».
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ClassPosition {
    pub place: u32,
    /// The last place of a tie («2–3-е место»).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_to: Option<u32>,
    pub of: u32,
    /// What the place is by: the rating points and their span. Absent in
    /// version 1, which ranked by the number of achievements.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl ClassPosition {
    pub fn describe(&self) -> String {
        let place = match self.place_to {
            Some(to) if to != self.place => format!("{}–{to}", self.place),
            _ => self.place.to_string(),
        };
        match &self.basis {
            Some(basis) => format!("{place}-е место из {} ({basis})", self.of),
            None => format!("{place}-е место из {} по числу достижений", self.of),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Data {
    #[serde(default)]
    pub school: Option<School>,
    #[serde(default)]
    pub years: Vec<SchoolYear>,
    pub catalogues: Catalogues,
    #[serde(default)]
    pub classes: Vec<Class>,
    #[serde(default)]
    // Shared with the portfolio a file was written from or opened into.
    pub students: Vec<Arc<StudentRecord>>,
    /// Deletions known to the writer (for this scope), so merged copies
    /// do not bring deleted records back.
    #[serde(default)]
    pub deleted: Vec<Deleted>,
    /// Versions that lost merge conflicts (for this scope).
    #[serde(default)]
    pub lost: Vec<Lost>,
    /// False for a file made «без документов»: records describe documents
    /// whose bytes are not in the file.
    pub documents_included: bool,
    #[serde(default)]
    pub files: Vec<EmbeddedFile>,
    #[serde(default)]
    pub class_position: Option<ClassPosition>,
    /// In a file of changes (version 4): what it leaves out because its
    /// reader has it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<crate::delta::Base>,
}

/// The whole file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    #[cfg_attr(feature = "schema", schemars(extend("const" = "portfolio-export")))]
    pub format: String,
    #[cfg_attr(feature = "schema", schemars(extend("enum" = [1, 2, 3, 4])))]
    pub version: u32,
    /// Milliseconds since 1970-01-01 UTC.
    pub exported_at: i64,
    pub scope: Scope,
    pub app_version: String,
    /// The device that wrote the file (as in record revisions).
    pub device: String,
    pub data: Data,
}

/// Who writes a file, and when.
pub struct Writer<'a> {
    pub now: i64,
    pub device: &'a str,
    pub app_version: &'a str,
}

/// The storage keys of the files a scope's documents need (document, then
/// thumbnail when there is one), for the UI to read before [`export`].
pub fn file_keys(p: &Portfolio, scope: &Scope) -> Vec<String> {
    keys_of(&students_of(p, scope))
}

fn keys_of(students: &[Arc<StudentRecord>]) -> Vec<String> {
    students
        .iter()
        .flat_map(|r| r.documents().collect::<Vec<_>>())
        .flat_map(|d| {
            let mut k = vec![file_key(&d.id)];
            if d.thumb {
                k.push(thumb_key(&d.id));
            }
            k
        })
        .collect()
}

/// The students a scope's file holds: the portfolio's own records (shared,
/// not copied), or made for the file (an archive's year).
fn students_of(p: &Portfolio, scope: &Scope) -> Vec<Arc<StudentRecord>> {
    p.students
        .values()
        .filter_map(|r| match scope {
            Scope::School => Some(r.clone()),
            Scope::Class { class_id } => (&r.student.class_id == class_id).then(|| r.clone()),
            Scope::Student { student_id } => (&r.student.id == student_id).then(|| r.clone()),
            Scope::Archive { start_year } => archived(p, r, *start_year).map(Arc::new),
        })
        .collect()
}

/// A student as the archive of `year` keeps them: in the class they were in
/// that year, with the records dated in it.
fn archived(p: &Portfolio, r: &StudentRecord, year: i32) -> Option<StudentRecord> {
    let in_year = |d: chrono::NaiveDate| crate::school_year::year_of(d) == year;
    let class_id = r
        .student
        .classes()
        .filter(|id| p.class(id).is_some_and(|c| c.year == year))
        .last()?
        .clone();
    let mut student = r.student.clone();
    student.class_id = class_id;
    student.former_classes.clear();
    let achievements: Vec<_> = r
        .achievements
        .iter()
        .filter(|a| in_year(a.date))
        .cloned()
        .collect();
    Some(StudentRecord {
        student,
        rewards: r
            .rewards
            .iter()
            .filter(|x| in_year(x.date))
            .map(|x| {
                let mut x = x.clone();
                // A link to an achievement of another year would point nowhere.
                if !achievements
                    .iter()
                    .any(|a| Some(&a.id) == x.achievement_id.as_ref())
                {
                    x.achievement_id = None;
                }
                x
            })
            .collect(),
        achievements,
        observations: r
            .observations
            .iter()
            .filter(|o| in_year(o.date))
            .cloned()
            .collect(),
    })
}

/// A logged record belongs in a file of `scope`: everything for the school;
/// otherwise only the records of the scope's students.
fn in_scope(p: &Portfolio, scope: &Scope, key: &RecordKey) -> bool {
    match (scope, key.student()) {
        (Scope::School, _) => true,
        (Scope::Student { student_id }, Some(s)) => s == student_id,
        (Scope::Class { class_id }, Some(s)) => p
            .students
            .get(s)
            .is_some_and(|r| &r.student.class_id == class_id),
        // An archive is a picture of the year, not a copy to merge.
        (Scope::Archive { .. }, _) => false,
        _ => false,
    }
}

/// The catalogues a class or child file carries: every entry of the shared
/// lists (types, levels, places, subjects, result categories, document
/// kinds — a family needs them to add achievements), and of «Педагоги» only
/// the people the records name.
fn referenced(cat: &Catalogues, used: &BTreeSet<(CatalogueKind, Id)>) -> Catalogues {
    let mut out = cat.clone();
    let kind = CatalogueKind::Staff;
    out.retain(kind, |e: &Entry| used.contains(&(kind, e.id.clone())));
    out
}

/// Every catalogue entry the records (and their classes) refer to.
fn references(students: &[Arc<StudentRecord>], classes: &[Class]) -> BTreeSet<(CatalogueKind, Id)> {
    let mut used = BTreeSet::new();
    for a in students.iter().flat_map(|r| &r.achievements) {
        used.insert((CatalogueKind::AchievementTypes, a.type_id.clone()));
        used.insert((CatalogueKind::EventLevels, a.level_id.clone()));
        used.insert((CatalogueKind::PrizePlaces, a.place_id.clone()));
        used.insert((CatalogueKind::Subjects, a.subject_id.clone()));
        if let Some(s) = &a.staff_id {
            used.insert((CatalogueKind::Staff, s.clone()));
        }
        if let Some(c) = &a.category_id {
            used.insert((CatalogueKind::ResultCategories, c.clone()));
        }
        for d in &a.documents {
            used.insert((CatalogueKind::DocumentKinds, d.kind_id.clone()));
        }
    }
    for c in classes {
        if let Some(t) = &c.teacher_id {
            used.insert((CatalogueKind::Staff, t.clone()));
        }
    }
    used
}

/// The child's place in the class by rating points for the school year of
/// `now` (ties share a place), as the teacher's device computes it.
fn class_position(p: &Portfolio, r: &StudentRecord, now: i64) -> Option<ClassPosition> {
    let today = chrono::DateTime::from_timestamp_millis(now)?.date_naive();
    let span = crate::rating::Span {
        year: crate::school_year::year_of(today),
        period: None,
    };
    let standing = crate::rating::standings(p, &span.filter()).remove(&r.student.id)?;
    let place = standing.in_class;
    Some(ClassPosition {
        place: place.from,
        place_to: (place.to != place.from).then_some(place.to),
        of: place.of,
        basis: Some(format!(
            "{} {}",
            standing.points.describe(),
            span.describe(&p.years)
        )),
    })
}

/// Builds the file for `scope`. `files` holds the bytes under the keys of
/// [`file_keys`]; `None` makes a file «без документов».
pub fn export(
    p: &Portfolio,
    scope: &Scope,
    files: Option<&BTreeMap<String, Vec<u8>>>,
    by: &Writer,
) -> Result<Envelope, String> {
    let (mut env, students) = export_skeleton(p, scope, files, by)?;
    env.data.students = students;
    Ok(env)
}

/// [`export`] without copying the students: the file with no students yet,
/// and the students it holds (for [`to_json_parts`]).
pub fn export_skeleton(
    p: &Portfolio,
    scope: &Scope,
    files: Option<&BTreeMap<String, Vec<u8>>>,
    by: &Writer,
) -> Result<(Envelope, Vec<Arc<StudentRecord>>), String> {
    let students = students_of(p, scope);
    let (classes, catalogues, position) = match scope {
        Scope::School => (p.classes.clone(), p.catalogues.clone(), None),
        Scope::Class { class_id } => {
            let class = p.class(class_id).ok_or("Класс не найден.")?.clone();
            let classes = vec![class];
            let used = references(&students, &classes);
            (classes, referenced(&p.catalogues, &used), None)
        }
        Scope::Archive { start_year } => {
            if students.is_empty() {
                return Err(format!(
                    "В {} учебном году нет ни одного ученика: архив не из чего составить.",
                    crate::school_year::year_label(*start_year)
                ));
            }
            let classes = p
                .classes
                .iter()
                .filter(|c| c.year == *start_year)
                .cloned()
                .collect();
            (classes, p.catalogues.clone(), None)
        }
        Scope::Student { .. } => {
            let r = students.first().ok_or("Ученик не найден.")?.as_ref();
            // The child's classes, former ones too.
            let classes: Vec<Class> = p
                .classes
                .iter()
                .filter(|c| r.student.classes().any(|id| id == &c.id))
                .cloned()
                .collect();
            let used = references(&students, &classes);
            (
                classes,
                referenced(&p.catalogues, &used),
                class_position(p, r, by.now),
            )
        }
    };
    let mut embedded = Vec::new();
    if let Some(files) = files {
        for key in keys_of(&students) {
            let bytes = files.get(&key).ok_or_else(|| {
                format!("Файл документа ({key}) не найден на устройстве: сохраните копию «без документов» или прикрепите документ заново.")
            })?;
            embedded.push(EmbeddedFile {
                sha256: sha256_hex(bytes),
                data: crate::base64::encode(bytes),
                key,
            });
        }
    }
    let env = Envelope {
        format: FORMAT.into(),
        version: WHOLE_VERSION,
        exported_at: by.now,
        scope: scope.clone(),
        app_version: by.app_version.into(),
        device: by.device.into(),
        data: Data {
            school: p.school.clone(),
            years: p.years.clone(),
            catalogues,
            classes,
            students: Vec::new(),
            deleted: p
                .deleted
                .iter()
                .filter(|d| in_scope(p, scope, &d.key))
                .cloned()
                .collect(),
            lost: p
                .lost
                .iter()
                .filter(|l| in_scope(p, scope, &l.key))
                .cloned()
                .collect(),
            documents_included: files.is_some(),
            files: embedded,
            class_position: position,
            base: None,
        },
    };
    Ok((env, students))
}

/// A piece of a file's text (see [`to_json_parts`]).
pub enum Part {
    Written(String),
    /// A student's text as storage holds it.
    Stored(std::sync::Arc<String>),
    Comma,
}

impl std::ops::Deref for Part {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Part::Written(s) => s,
            Part::Stored(s) => s,
            Part::Comma => ",",
        }
    }
}

/// The text of a file whose students are given apart from it (`skeleton`
/// holds none), in parts to be joined in order — the same text as
/// [`to_json`] of the whole file. A student's text is `stored(record)` when
/// that gives one (the text storage holds for a record unchanged since it
/// was read), so a large file is mostly copied, not written anew.
pub fn to_json_parts(
    skeleton: &Envelope,
    students: &[Arc<StudentRecord>],
    stored: &dyn Fn(&StudentRecord) -> Option<Arc<String>>,
) -> Vec<Part> {
    let text = to_json(skeleton);
    // Keys are written unescaped and `students` is a key of `data` only.
    const EMPTY: &str = "\"students\":[]";
    let Some(at) = text.find(EMPTY) else {
        return vec![Part::Written(text)];
    };
    let open = at + EMPTY.len() - 1;
    let mut parts = Vec::with_capacity(students.len() * 2 + 2);
    parts.push(Part::Written(text[..open].to_string()));
    for (i, r) in students.iter().enumerate() {
        if i > 0 {
            parts.push(Part::Comma);
        }
        parts.push(match stored(r) {
            Some(t) => Part::Stored(t),
            None => Part::Written(serde_json::to_string(r.as_ref()).unwrap_or_default()),
        });
    }
    parts.push(Part::Written(text[open..].to_string()));
    parts
}

/// The file as text.
pub fn to_json(e: &Envelope) -> String {
    serde_json::to_string(e).unwrap_or_default()
}

/// What a JSON error means, in Russian, with where it is.
fn json_problem(e: &serde_json::Error) -> String {
    let at = format!("строка {}, позиция {}", e.line(), e.column());
    let text = e.to_string();
    let what = if e.is_eof() {
        "файл обрывается: он скопирован или скачан не полностью".to_string()
    } else if e.is_syntax() {
        "файл повреждён: это не правильный JSON".to_string()
    } else if text.contains("recursion limit") {
        "слишком глубокая вложенность данных".to_string()
    } else if let Some(field) = between(&text, "missing field `", "`") {
        format!("нет обязательного поля «{field}»")
    } else if let Some(field) = between(&text, "unknown field `", "`") {
        format!("неизвестное поле «{field}»")
    } else if let Some(v) = between(&text, "unknown variant `", "`") {
        format!("недопустимое значение «{v}»")
    } else if text.starts_with("invalid type") {
        "значение не того типа (например, текст вместо числа)".to_string()
    } else if text.starts_with("invalid length") {
        "неверное число элементов".to_string()
    } else if text.contains("date") || text.contains("дата") {
        "неверная дата".to_string()
    } else {
        "недопустимое значение".to_string()
    };
    format!("Файл не прочитан: {what} ({at}).")
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = &text[text.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

/// Just the envelope's head, read first, so a newer file is refused before
/// anything else of it is read.
struct Head {
    format: Option<String>,
    version: Option<i64>,
}

/// «Файл слишком большой» for a file of `len` bytes over `limit`.
pub(crate) fn too_big(len: usize, limit: usize) -> String {
    format!(
        "Файл слишком большой ({} МБ): можно не больше {} МБ. Сохраните копию «без документов».",
        len / (1024 * 1024),
        limit / (1024 * 1024)
    )
}

const NOT_OURS: &str =
    "Это не файл Портфолио: в нём нет отметки «portfolio-export» с версией формата.";

/// Reads the head: the keys up to `format` and `version` (the first two in
/// every file the app writes), not the whole text — the full read follows,
/// and a second pass over a large file cost as much as the first.
fn head_of(text: &str) -> Result<Head, String> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};
    struct HeadVisitor<'a>(&'a std::cell::RefCell<Option<Head>>);
    impl<'de> Visitor<'de> for HeadVisitor<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut head = Head {
                format: None,
                version: None,
            };
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                match key.as_ref() {
                    "format" => head.format = map.next_value()?,
                    "version" => head.version = map.next_value()?,
                    _ => {
                        map.next_value::<IgnoredAny>()?;
                    }
                }
                if head.format.is_some() && head.version.is_some() {
                    break;
                }
            }
            // Kept here: stopping early makes the reader complain about the
            // rest of the object, which the full read checks anyway.
            *self.0.borrow_mut() = Some(head);
            Ok(())
        }
    }
    let found = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_str(text);
    let result = de.deserialize_map(HeadVisitor(&found));
    if let Some(head) = found.into_inner() {
        return Ok(head);
    }
    Err(match result {
        Err(e) if !e.is_data() || e.to_string().contains("recursion limit") => json_problem(&e),
        _ => NOT_OURS.to_string(),
    })
}

/// What a file turned out to be: an export read and checked, or an
/// encrypted one whose envelope is checked and which waits for its passphrase.
pub enum Opened {
    Plain(Box<Envelope>),
    Sealed(crate::sealed::Sealed),
}

/// Reads any file the app writes; its head is read once and decides which.
pub fn open(text: &str) -> Result<Opened, String> {
    if text.len() > crate::sealed::MAX_SEALED_BYTES {
        return Err(too_big(text.len(), crate::sealed::MAX_SEALED_BYTES));
    }
    let head = head_of(text)?;
    if head.format.as_deref() == Some(crate::sealed::SEALED_FORMAT) {
        return crate::sealed::open(text).map(Opened::Sealed);
    }
    if text.len() > MAX_FILE_BYTES {
        return Err(too_big(text.len(), MAX_FILE_BYTES));
    }
    read(text, head).map(|e| Opened::Plain(Box::new(e)))
}

/// Reads an export file: the head, then the data, then every rule.
pub fn parse(text: &str) -> Result<Envelope, String> {
    if text.len() > MAX_FILE_BYTES {
        return Err(too_big(text.len(), MAX_FILE_BYTES));
    }
    read(text, head_of(text)?)
}

/// The rest of [`parse`] once the head is read.
fn read(text: &str, head: Head) -> Result<Envelope, String> {
    if head.format.as_deref() != Some(FORMAT) {
        return Err(NOT_OURS.into());
    }
    match head.version {
        // Every earlier version reads as it is: see VERSION.
        Some(v) if (FIRST_VERSION as i64..=VERSION as i64).contains(&v) => {}
        Some(v) if v > VERSION as i64 => {
            return Err(format!(
                "Файл сохранён более новой версией приложения (формат {v}, здесь — {VERSION}). Обновите страницу приложения при подключении к интернету и откройте файл снова."
            ))
        }
        _ => return Err("Неизвестная версия формата файла.".into()),
    }
    let env: Envelope = serde_json::from_str(text).map_err(|e| json_problem(&e))?;
    let problems = check(&env);
    if problems.is_empty() {
        Ok(env)
    } else {
        let n = problems.len();
        let mut msg = String::from("Файл не принят: ");
        msg.push_str(&problems[..n.min(MAX_PROBLEMS)].join("; "));
        if n > MAX_PROBLEMS {
            msg.push_str(&format!(" и ещё {}", n - MAX_PROBLEMS));
        }
        msg.push('.');
        Err(msg)
    }
}

fn too_long(s: &str, max: usize) -> bool {
    // No more bytes than `max` is no more characters (most texts): not counted.
    s.len() > max && s.chars().count() > max
}

/// Every rule a file must keep; each problem says where it is.
pub fn check(env: &Envelope) -> Vec<String> {
    let d = &env.data;
    let mut out = Vec::new();
    let cat = &d.catalogues;
    let base = d.base.as_ref();
    if let Some(b) = base {
        if env.version < 4 {
            out.push("поле «base» (файл изменений) есть только в формате 4".into());
        }
        if !matches!(env.scope, Scope::Student { .. }) {
            out.push("файл изменений бывает только для одного ученика".into());
        }
        let sid = match &env.scope {
            Scope::Student { student_id } => Some(student_id),
            _ => None,
        };
        if b.records
            .keys()
            .any(|k| k.student().is_some_and(|s| Some(s) != sid))
        {
            out.push("в файле изменений названа запись другого ученика".into());
        }
    }
    // An entry is in the file, or in what a file of changes left out.
    let has = |kind: CatalogueKind, id: &Id| has_entry(cat, base, kind, id);
    // Catalogue entries: unique ids, sensible names.
    for kind in CatalogueKind::ALL {
        let mut seen = BTreeSet::new();
        for e in cat.list(kind) {
            if !seen.insert(&e.id) {
                out.push(format!(
                    "справочник «{}»: запись «{}» повторяется",
                    kind.title(),
                    e.id
                ));
            }
            if e.name.trim().is_empty()
                || too_long(&e.name, MAX_SHORT)
                || too_long(&e.role, MAX_SHORT)
            {
                out.push(format!(
                    "справочник «{}»: недопустимое название записи «{}»",
                    kind.title(),
                    e.id
                ));
            }
        }
    }
    if let Some(s) = &d.school {
        if too_long(&s.name, MAX_SHORT) {
            out.push("слишком длинное название школы".into());
        }
    }
    let mut years = BTreeSet::new();
    for y in &d.years {
        if !years.insert(y.start_year) {
            out.push(format!("учебный год {} повторяется", y.start_year));
        }
    }
    let mut class_ids = BTreeSet::new();
    for (i, c) in d.classes.iter().enumerate() {
        if !class_ids.insert(&c.id) {
            out.push(format!("класс №{} повторяется", i + 1));
        }
        if c.name.trim().is_empty() || too_long(&c.name, MAX_SHORT) {
            out.push(format!("класс №{}: недопустимое название", i + 1));
        }
        if let Some(t) = &c.teacher_id {
            if !has(CatalogueKind::Staff, t) {
                out.push(format!(
                    "класс «{}»: классный руководитель не найден в справочнике",
                    c.name
                ));
            }
        }
    }
    match &env.scope {
        Scope::School => {}
        Scope::Class { class_id } => {
            if d.classes.len() != 1 || &d.classes[0].id != class_id {
                out.push("в файле класса должен быть ровно этот класс".into());
            }
            if d.students.iter().any(|r| &r.student.class_id != class_id) {
                out.push("в файле класса есть ученик другого класса".into());
            }
        }
        Scope::Student { student_id } => {
            if d.students.len() != 1 || &d.students[0].student.id != student_id {
                out.push("в файле ученика должен быть ровно один этот ученик".into());
            }
            // The child's classes, the former ones too — no other.
            if d.students.len() == 1
                && d.classes
                    .iter()
                    .any(|c| !d.students[0].student.classes().any(|id| id == &c.id))
            {
                out.push("в файле ученика есть чужой класс".into());
            }
        }
        Scope::Archive { start_year } => {
            if d.classes.iter().any(|c| c.year != *start_year) {
                out.push("в архиве учебного года есть класс другого года".into());
            }
            if !d.deleted.is_empty() || !d.lost.is_empty() {
                out.push("в архиве учебного года есть журнал удалений".into());
            }
        }
    }
    if d.class_position.is_some() && !matches!(env.scope, Scope::Student { .. }) {
        out.push("место в классе бывает только в файле одного ученика".into());
    }
    let files: BTreeMap<&str, &EmbeddedFile> =
        d.files.iter().map(|f| (f.key.as_str(), f)).collect();
    if files.len() != d.files.len() {
        out.push("файл документа повторяется".into());
    }
    if !d.documents_included && !d.files.is_empty() {
        out.push("в файле «без документов» есть документы".into());
    }
    let mut docs = DocumentCheck {
        cat,
        base,
        files: &files,
        included: d.documents_included,
        ids: BTreeSet::new(),
        needed: BTreeSet::new(),
    };
    let mut student_ids = BTreeSet::new();
    for (i, r) in d.students.iter().enumerate() {
        let s = &r.student;
        let who = format!("ученик №{} («{}»)", i + 1, s.full_name());
        if !student_ids.insert(&s.id) {
            out.push(format!("{who} повторяется"));
        }
        if !class_ids.contains(&s.class_id) && !d.classes.is_empty() {
            out.push(format!("{who}: класс не найден в файле"));
        }
        if s.personal.last_name.trim().is_empty() || s.personal.first_name.trim().is_empty() {
            out.push(format!("{who}: нет фамилии или имени"));
        }
        if too_long(&s.full_name(), 3 * MAX_SHORT) {
            out.push(format!("ученик №{}: слишком длинное имя", i + 1));
        }
        let mut ach_ids = BTreeSet::new();
        for (j, a) in r.achievements.iter().enumerate() {
            // Written only for a problem: most files have none.
            let at = || format!("{who}, достижение №{} («{}»)", j + 1, short(&a.title));
            if !ach_ids.insert(&a.id) {
                out.push(format!("{} повторяется", at()));
            }
            if a.title.trim().is_empty() || too_long(&a.title, MAX_SHORT) {
                out.push(format!("{}: недопустимое наименование", at()));
            }
            if too_long(&a.result, MAX_TEXT) || too_long(&a.organisation, MAX_SHORT) {
                out.push(format!("{}: слишком длинный текст", at()));
            }
            let refs = [
                (
                    CatalogueKind::AchievementTypes,
                    Some(&a.type_id),
                    "тип достижения",
                ),
                (
                    CatalogueKind::EventLevels,
                    Some(&a.level_id),
                    "уровень мероприятия",
                ),
                (
                    CatalogueKind::PrizePlaces,
                    Some(&a.place_id),
                    "призовое место",
                ),
                (CatalogueKind::Subjects, Some(&a.subject_id), "предмет"),
                (CatalogueKind::Staff, a.staff_id.as_ref(), "педагог"),
                (
                    CatalogueKind::ResultCategories,
                    a.category_id.as_ref(),
                    "категория результата",
                ),
            ];
            for (kind, id, what) in refs {
                if let Some(id) = id {
                    if !has(kind, id) {
                        out.push(format!("{}: неизвестный {what} «{}»", at(), short(&id.0)));
                    }
                }
            }
            docs.check(&a.documents, &at, &mut out);
        }
        let mut reward_ids = BTreeSet::new();
        for (j, x) in r.rewards.iter().enumerate() {
            let at = || format!("{who}, поощрение №{}", j + 1);
            if !reward_ids.insert(&x.id) {
                out.push(format!("{} повторяется", at()));
            }
            if !has(CatalogueKind::RewardKinds, &x.kind_id) {
                out.push(format!(
                    "{}: неизвестный вид поощрения «{}»",
                    at(),
                    short(&x.kind_id.0)
                ));
            }
            if x.awarded_by.trim().is_empty() || too_long(&x.awarded_by, MAX_SHORT) {
                out.push(format!("{}: недопустимое поле «Кем вручено»", at()));
            }
            // A link to an achievement deleted since (here or on another
            // device) is kept as it is: the reward stands without it.
            docs.check(&x.documents, &at, &mut out);
        }
        let mut observation_ids = BTreeSet::new();
        for (j, o) in r.observations.iter().enumerate() {
            let at = || format!("{who}, наблюдение №{}", j + 1);
            if !observation_ids.insert(&o.id) {
                out.push(format!("{} повторяется", at()));
            }
            if o.tags.is_empty() {
                out.push(format!("{}: не отмечен ни один вид результатов", at()));
            }
            if o.text.trim().is_empty()
                || too_long(&o.text, MAX_TEXT)
                || o.observer.trim().is_empty()
                || too_long(&o.observer, MAX_SHORT)
            {
                out.push(format!("{}: недопустимый текст или «Кто наблюдал»", at()));
            }
        }
    }
    let needed = docs.needed;
    for del in &d.deleted {
        if let RecordKey::Student { id } = &del.key {
            if student_ids.contains(id) {
                out.push(format!(
                    "{} одновременно удалён и есть в файле",
                    short(&del.what)
                ));
            }
        }
    }
    for key in files.keys() {
        if !needed.contains(*key) {
            out.push(format!(
                "лишний файл «{}», на него не ссылается ни один документ",
                short(key)
            ));
        }
    }
    out
}

/// The rules of confirming documents, wherever they are attached; collects
/// their ids (unique across the file) and the embedded files they need.
struct DocumentCheck<'a> {
    cat: &'a Catalogues,
    base: Option<&'a crate::delta::Base>,
    files: &'a BTreeMap<&'a str, &'a EmbeddedFile>,
    included: bool,
    ids: BTreeSet<Id>,
    needed: BTreeSet<String>,
}

impl DocumentCheck<'_> {
    fn check(&mut self, documents: &[Document], at: &dyn Fn() -> String, out: &mut Vec<String>) {
        if documents.len() > MAX_DOCUMENTS {
            out.push(format!("{}: больше {MAX_DOCUMENTS} документов", at()));
        }
        for (k, doc) in documents.iter().enumerate() {
            let dat = || format!("{}, документ №{}", at(), k + 1);
            if !self.ids.insert(doc.id.clone()) {
                out.push(format!("{} повторяется", dat()));
            }
            if !has_entry(
                self.cat,
                self.base,
                CatalogueKind::DocumentKinds,
                &doc.kind_id,
            ) {
                out.push(format!("{}: неизвестный вид документа", dat()));
            }
            if too_long(&doc.caption, MAX_SHORT) || too_long(&doc.name, MAX_SHORT) {
                out.push(format!("{}: слишком длинная подпись", dat()));
            }
            // A file of changes leaves out the bytes its reader has
            // (checked against that device: `delta::lacking`).
            let left_out =
                self.base.is_some() && !self.files.contains_key(file_key(&doc.id).as_str());
            if self.included && !left_out {
                check_file(self.files, doc, &dat, &mut self.needed, out);
            }
        }
    }
}

/// The entry is in the file's catalogues, or in what a file of changes left out.
fn has_entry(
    cat: &Catalogues,
    base: Option<&crate::delta::Base>,
    kind: CatalogueKind,
    id: &Id,
) -> bool {
    cat.get(kind, id).is_some()
        || base.is_some_and(|b| {
            b.records.contains_key(&RecordKey::Entry {
                catalogue: kind,
                id: id.clone(),
            })
        })
}

/// The embedded bytes of a document (and its thumbnail) are there, decode,
/// and match the record.
fn check_file(
    files: &BTreeMap<&str, &EmbeddedFile>,
    doc: &Document,
    at: &dyn Fn() -> String,
    needed: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    let mut keys = vec![(file_key(&doc.id), true)];
    if doc.thumb {
        keys.push((thumb_key(&doc.id), false));
    }
    for (key, main) in keys {
        needed.insert(key.clone());
        let Some(f) = files.get(key.as_str()) else {
            out.push(format!("{}: нет файла «{}»", at(), short(&doc.name)));
            continue;
        };
        let ok = crate::base64::decode(&f.data)
            .is_some_and(|b| sha256_hex(&b) == f.sha256 && (!main || doc.matches(&b)));
        if !ok {
            out.push(format!("{}: файл «{}» повреждён", at(), short(&doc.name)));
        }
    }
}

/// A value cut for a message.
fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

/// The records of a file as a portfolio (for a preview or a merge).
pub fn to_portfolio(d: &Data) -> Portfolio {
    Portfolio {
        school: d.school.clone(),
        years: d.years.clone(),
        catalogues: d.catalogues.clone(),
        classes: d.classes.clone(),
        students: d
            .students
            .iter()
            .map(|r| (r.student.id.clone(), r.clone()))
            .collect(),
        deleted: d.deleted.clone(),
        lost: d.lost.clone(),
    }
}

/// [`to_portfolio`] that takes the records instead of copying them (a large
/// backup's records are not held twice).
pub fn into_portfolio(d: Data) -> Portfolio {
    Portfolio {
        school: d.school,
        years: d.years,
        catalogues: d.catalogues,
        classes: d.classes,
        students: d
            .students
            .into_iter()
            .map(|r| (r.student.id.clone(), r))
            .collect(),
        deleted: d.deleted,
        lost: d.lost,
    }
}

/// The bytes of the embedded files, by storage key (after [`parse`] checked them).
pub fn embedded_files(d: &Data) -> BTreeMap<String, Vec<u8>> {
    d.files
        .iter()
        .filter_map(|f| Some((f.key.clone(), crate::base64::decode(&f.data)?)))
        .collect()
}

/// For a file «без документов»: removes from `incoming` the documents whose
/// bytes are neither in the file nor already on this device (`here`), so
/// the records can be merged; returns how many were left out.
pub fn drop_missing_documents(incoming: &mut Portfolio, here: &Portfolio) -> usize {
    let known: BTreeSet<&Id> = here
        .students
        .values()
        .flat_map(|r| r.documents())
        .map(|d| &d.id)
        .collect();
    let mut dropped = 0;
    for r in incoming.students.values_mut() {
        let missing = r.documents().any(|d| !known.contains(&d.id));
        if !missing {
            continue;
        }
        for documents in std::sync::Arc::make_mut(r).documents_mut() {
            let before = documents.len();
            documents.retain(|d| known.contains(&d.id));
            dropped += before - documents.len();
        }
    }
    dropped
}

/// The bytes a merge needs: the embedded documents (with thumbnails) that
/// `here` does not have yet. Only those are decoded and kept until «Применить»:
/// re-opening a large backup holds no second copy of photos already stored.
pub fn new_files(d: &Data, here: &Portfolio) -> Vec<crate::stored::NewFile> {
    let known: BTreeSet<&Id> = here
        .students
        .values()
        .flat_map(|r| r.documents())
        .map(|doc| &doc.id)
        .collect();
    let wanted: BTreeSet<String> = d
        .students
        .iter()
        .flat_map(|r| r.documents())
        .filter(|doc| !known.contains(&doc.id))
        .flat_map(|doc| [file_key(&doc.id), thumb_key(&doc.id)])
        .collect();
    let bytes: BTreeMap<&str, Vec<u8>> = d
        .files
        .iter()
        .filter(|f| wanted.contains(&f.key))
        .filter_map(|f| Some((f.key.as_str(), crate::base64::decode(&f.data)?)))
        .collect();
    d.students
        .iter()
        .flat_map(|r| r.documents())
        .filter(|doc| !known.contains(&doc.id))
        .filter_map(|doc| {
            let main = bytes.get(file_key(&doc.id).as_str())?;
            Some(crate::stored::NewFile {
                id: doc.id.clone(),
                bytes: main.clone().into(),
                thumb: bytes
                    .get(thumb_key(&doc.id).as_str())
                    .map(|t| t.clone().into()),
            })
        })
        .collect()
}

/// A file name such as «Портфолио_школа_2026-11-23.json».
pub fn file_name(p: &Portfolio, scope: &Scope, today: chrono::NaiveDate) -> String {
    let what = match scope {
        Scope::School => "школа".to_string(),
        Scope::Class { class_id } => p
            .class(class_id)
            .map(|c| format!("класс_{}", c.name))
            .unwrap_or_default(),
        Scope::Student { student_id } => p
            .students
            .get(student_id)
            .map(|r| r.student.full_name())
            .unwrap_or_default(),
        Scope::Archive { start_year } => format!(
            "архив_{}",
            crate::school_year::year_label(*start_year).replace('/', "-")
        ),
    };
    let safe = crate::document::file_part(&what);
    format!("Портфолио_{safe}_{}.json", crate::date::format_iso(today))
}

/// Days without a backup after which the start screen reminds (browsers may
/// clear a site's data; Safari does after 7 days without use).
pub const BACKUP_REMINDER_DAYS: i64 = 7;

/// The start screen's line about backups, and whether it is a reminder.
pub fn backup_status(last: Option<i64>, now: i64) -> (String, bool) {
    let Some(last) = last else {
        return (
            "Резервной копии на этом устройстве ещё не делали. Сохраните файл всей школы: браузер может удалить данные.".into(),
            true,
        );
    };
    let days = (now - last).max(0) / 86_400_000;
    let when = match days {
        0 => "сегодня".to_string(),
        1 => "вчера".to_string(),
        n => format!(
            "{n} {} назад",
            crate::text::plural(n as usize, "день", "дня", "дней")
        ),
    };
    let due = days >= BACKUP_REMINDER_DAYS;
    let mut text = format!("Последняя резервная копия: {when}.");
    if due {
        text.push_str(" Пора сохранить новую.");
    }
    (text, due)
}

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
        if text.len() > MAX_FILE_BYTES {
            return None;
        }
        let head = head_of(text).ok()?;
        if head.format.as_deref() != Some(FORMAT)
            || !(FIRST_VERSION as i64..=VERSION as i64).contains(&head.version?)
        {
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

#[cfg(test)]
mod tests {
    use super::backup_status;
    const DAY: i64 = 86_400_000;

    #[test]
    fn backup_reminder() {
        let now = 1_800_000_000_000;
        assert!(backup_status(None, now).1);
        assert_eq!(
            backup_status(Some(now - 3_600_000), now),
            ("Последняя резервная копия: сегодня.".into(), false)
        );
        assert_eq!(
            backup_status(Some(now - DAY), now).0,
            "Последняя резервная копия: вчера."
        );
        assert_eq!(
            backup_status(Some(now - 3 * DAY), now),
            ("Последняя резервная копия: 3 дня назад.".into(), false)
        );
        assert_eq!(
            backup_status(Some(now - 7 * DAY), now),
            (
                "Последняя резервная копия: 7 дней назад. Пора сохранить новую.".into(),
                true
            )
        );
        assert_eq!(
            backup_status(Some(now - 21 * DAY), now).0,
            "Последняя резервная копия: 21 день назад. Пора сохранить новую."
        );
    }
}
