//! Writing a file: which records and documents a scope's file holds (a
//! child's file holds that child only, with an anonymous place in the
//! class), and its text — in parts, so records unchanged since they were
//! stored are copied as storage holds them.

use super::format::{
    ClassPosition, Data, EmbeddedFile, Envelope, Scope, FORMAT, PROPOSALS_VERSION, WHOLE_VERSION,
};
use crate::records::{
    CatalogueKind, Catalogues, Class, Entry, Portfolio, RecordKey, StudentRecord,
};
use crate::stored::{file_key, thumb_key};
use crate::util::id::Id;
use crate::util::sha256::sha256_hex;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

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
    let in_year = |d: chrono::NaiveDate| crate::records::school_year::year_of(d) == year;
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
        // The archive keeps results, not the family's requests.
        proposals: Vec::new(),
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
    let span = crate::assessment::rating::Span {
        year: crate::records::school_year::year_of(today),
        period: None,
    };
    let standing = crate::assessment::rating::standings(p, &span.filter()).remove(&r.student.id)?;
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
                    crate::records::school_year::year_label(*start_year)
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
                data: crate::util::base64::encode(bytes),
                key,
            });
        }
    }
    let mut env = Envelope {
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
            school_key: None,
        },
        mac: None,
    };
    if carries_proposals(&students) {
        env.version = PROPOSALS_VERSION;
    }
    Ok((env, students))
}

/// Whether a file's students carry proposals (`records::proposal`): such a
/// file is written as version 5, which the previous release refuses by its
/// head rather than drop them.
pub fn carries_proposals(students: &[Arc<StudentRecord>]) -> bool {
    students.iter().any(|r| !r.proposals.is_empty())
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
