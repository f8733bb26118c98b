//! Every rule a file must keep — references, ids, lengths, hashes, what a
//! scope may hold — each problem saying where it is, in Russian.

use super::format::{Base, EmbeddedFile, Envelope, Scope};
use crate::records::document::MAX_DOCUMENTS;
use crate::records::proposal::Proposal;
use crate::records::{
    Achievement, CatalogueKind, Catalogues, Class, Document, Observation, RecordKey, Reward,
    StudentRecord,
};
use crate::stored::{file_key, thumb_key};
use crate::util::id::Id;
use crate::util::sha256::sha256_hex;
use crate::util::validation::{MAX_SHORT, MAX_TEXT};
use std::collections::{BTreeMap, BTreeSet};

fn too_long(s: &str, max: usize) -> bool {
    // No more bytes than `max` is no more characters (most texts): not counted.
    s.len() > max && s.chars().count() > max
}

/// Every rule a file must keep; each problem says where it is, in the
/// order of the file (the message lists the first few).
pub fn check(env: &Envelope) -> Vec<String> {
    let d = &env.data;
    let mut out = Vec::new();
    let cat = &d.catalogues;
    let base = d.base.as_ref();
    if let Some(b) = base {
        check_base(env, b, &mut out);
    }
    // An entry is in the file, or in what a file of changes left out.
    let has = |kind: CatalogueKind, id: &Id| has_entry(cat, base, kind, id);
    check_catalogues(cat, &mut out);
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
    let class_ids = check_classes(&d.classes, &has, &mut out);
    check_scope(env, &mut out);
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
        if !student_ids.insert(&r.student.id) {
            out.push(format!("{} повторяется", who(i, r)));
        }
        let in_file = |id: &Id| class_ids.contains(id) || d.classes.is_empty();
        check_student(i, r, &in_file, &has, &mut docs, &mut out);
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

/// A file of changes: its version, its scope, and only its child's records in its base.
fn check_base(env: &Envelope, b: &Base, out: &mut Vec<String>) {
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

/// Catalogue entries: unique ids, sensible names.
fn check_catalogues(cat: &Catalogues, out: &mut Vec<String>) {
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
}

/// Classes: unique, named, their teachers in «Педагоги»; gives their ids.
fn check_classes<'a>(
    classes: &'a [Class],
    has: &dyn Fn(CatalogueKind, &Id) -> bool,
    out: &mut Vec<String>,
) -> BTreeSet<&'a Id> {
    let mut class_ids = BTreeSet::new();
    for (i, c) in classes.iter().enumerate() {
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
    class_ids
}

/// What the file's scope may hold: one class, one child, one year.
fn check_scope(env: &Envelope, out: &mut Vec<String>) {
    let d = &env.data;
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
}

/// «ученик №2 («Иванов Иван»)», for the student's problems.
fn who(i: usize, r: &StudentRecord) -> String {
    format!("ученик №{} («{}»)", i + 1, r.student.full_name())
}

/// One student: their class is in the file, their name, and their records.
fn check_student(
    i: usize,
    r: &StudentRecord,
    in_file: &dyn Fn(&Id) -> bool,
    has: &dyn Fn(CatalogueKind, &Id) -> bool,
    docs: &mut DocumentCheck,
    out: &mut Vec<String>,
) {
    let s = &r.student;
    let who = who(i, r);
    if !in_file(&s.class_id) {
        out.push(format!("{who}: класс не найден в файле"));
    }
    if s.personal.last_name.trim().is_empty() || s.personal.first_name.trim().is_empty() {
        out.push(format!("{who}: нет фамилии или имени"));
    }
    if too_long(&s.full_name(), 3 * MAX_SHORT) {
        out.push(format!("ученик №{}: слишком длинное имя", i + 1));
    }
    check_achievements(&who, &r.achievements, has, docs, out);
    check_rewards(&who, &r.rewards, has, docs, out);
    check_observations(&who, &r.observations, out);
    check_proposals(&who, &r.proposals, has, out);
}

fn check_achievements(
    who: &str,
    list: &[Achievement],
    has: &dyn Fn(CatalogueKind, &Id) -> bool,
    docs: &mut DocumentCheck,
    out: &mut Vec<String>,
) {
    let mut ach_ids = BTreeSet::new();
    for (j, a) in list.iter().enumerate() {
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
        achievement_refs(a, has, &at, out);
        docs.check(&a.documents, &at, out);
    }
}

/// The catalogue entries an achievement names are in the file.
fn achievement_refs(
    a: &Achievement,
    has: &dyn Fn(CatalogueKind, &Id) -> bool,
    at: &dyn Fn() -> String,
    out: &mut Vec<String>,
) {
    {
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
    }
}

/// A family's proposals (`records::proposal`): each once, the achievement
/// as proposed names entries of the file, carries no documents (they stay
/// the school's), and its texts are not too long.
fn check_proposals(
    who: &str,
    list: &[Proposal],
    has: &dyn Fn(CatalogueKind, &Id) -> bool,
    out: &mut Vec<String>,
) {
    let mut ids = BTreeSet::new();
    for (j, p) in list.iter().enumerate() {
        let a = &p.proposed;
        let at = || {
            format!(
                "{who}, предложение исправления №{} («{}»)",
                j + 1,
                short(&a.title)
            )
        };
        if !ids.insert(&p.id) {
            out.push(format!("{} повторяется", at()));
        }
        if a.title.trim().is_empty()
            || too_long(&a.title, MAX_SHORT)
            || too_long(&a.result, MAX_TEXT)
            || too_long(&a.organisation, MAX_SHORT)
            || too_long(&p.comment, MAX_TEXT)
        {
            out.push(format!("{}: недопустимый текст", at()));
        }
        if !a.documents.is_empty() {
            out.push(format!("{}: документы в предложении", at()));
        }
        achievement_refs(a, has, &at, out);
    }
}

fn check_rewards(
    who: &str,
    list: &[Reward],
    has: &dyn Fn(CatalogueKind, &Id) -> bool,
    docs: &mut DocumentCheck,
    out: &mut Vec<String>,
) {
    let mut reward_ids = BTreeSet::new();
    for (j, x) in list.iter().enumerate() {
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
        docs.check(&x.documents, &at, out);
    }
}

fn check_observations(who: &str, list: &[Observation], out: &mut Vec<String>) {
    let mut observation_ids = BTreeSet::new();
    for (j, o) in list.iter().enumerate() {
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

/// The rules of confirming documents, wherever they are attached; collects
/// their ids (unique across the file) and the embedded files they need.
struct DocumentCheck<'a> {
    cat: &'a Catalogues,
    base: Option<&'a Base>,
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
fn has_entry(cat: &Catalogues, base: Option<&Base>, kind: CatalogueKind, id: &Id) -> bool {
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
        let ok = crate::util::base64::decode(&f.data)
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
