//! «Архив версий»: the versions that lost a conflict, read back for the
//! teacher, and brought back on request (the version they replace takes
//! their place, so nothing is lost either way).

use crate::records::identity::{InStudent, Lost, Record, RecordKey};
use crate::records::school_year::year_label;
use crate::records::{
    Achievement, CatalogueKind, Class, Entry, Observation, Portfolio, Reward, School, SchoolYear,
    Student,
};
use crate::stored::Key;
use crate::util::date::format_ru;
use crate::util::id::Revision;
use std::sync::Arc;

/// Brings the archived version `index` of [`Portfolio::lost`] back: it
/// replaces the record as a new edit stamped `rev` (made from both the
/// archived version and the current one, so the next merge with either side
/// sees it as newer), and the version it replaces takes its place in the
/// archive — nothing is lost either way. Gives what it was and the stored
/// documents to write.
pub fn restore(
    p: &mut Portfolio,
    index: usize,
    rev: &Revision,
    now: i64,
) -> Result<(String, Vec<Key>), String> {
    let lost = p
        .lost
        .get(index)
        .cloned()
        .ok_or("Версия не найдена в архиве.")?;
    let gone = "Этой записи больше нет: версию некуда вернуть.";
    let broken = "Версия в архиве повреждена и не может быть возвращена.";
    fn back<T: Record + serde::de::DeserializeOwned>(
        slot: &mut T,
        value: &str,
        rev: &Revision,
        broken: &str,
    ) -> Result<String, String> {
        let mut v: T = serde_json::from_str(value).map_err(|_| broken.to_string())?;
        let archived = v.rev().clone();
        *v.rev_mut() = rev.clone();
        v.rev_mut().inherit(&archived);
        let replaced = serde_json::to_string(slot).unwrap_or_default();
        *slot = v;
        Ok(replaced)
    }
    let (replaced, replaced_what, key) = match &lost.key {
        RecordKey::School => (
            back(p.school.as_mut().ok_or(gone)?, &lost.value, rev, broken)?,
            "школа".to_string(),
            Key::School,
        ),
        RecordKey::Year { start_year } => {
            let y = p
                .years
                .iter_mut()
                .find(|y| y.start_year == *start_year)
                .ok_or(gone)?;
            let what = format!("учебный год {}", year_label(y.start_year));
            (back(y, &lost.value, rev, broken)?, what, Key::Years)
        }
        RecordKey::Entry { catalogue, id } => {
            let mut list = p.catalogues.list(*catalogue).clone();
            let e = list.iter_mut().find(|e| &e.id == id).ok_or(gone)?;
            let what = format!("справочник «{}»: «{}»", catalogue.title(), e.name);
            let replaced = back(e, &lost.value, rev, broken)?;
            p.catalogues.retain(*catalogue, |_| false);
            p.catalogues.extend(*catalogue, list);
            (replaced, what, Key::Catalogues)
        }
        RecordKey::Class { id } => {
            let c = p.classes.iter_mut().find(|c| &c.id == id).ok_or(gone)?;
            let what = format!("класс {}", c.name);
            (back(c, &lost.value, rev, broken)?, what, Key::Classes)
        }
        RecordKey::Student { id } => {
            let r = Arc::make_mut(p.students.get_mut(id).ok_or(gone)?);
            let what = format!("ученик {}", r.student.full_name());
            (
                back(&mut r.student, &lost.value, rev, broken)?,
                what,
                Key::Student(id.clone()),
            )
        }
        RecordKey::Achievement { student_id, id } => {
            let r = Arc::make_mut(p.students.get_mut(student_id).ok_or(gone)?);
            let a = r
                .achievements
                .iter_mut()
                .find(|a| &a.id == id)
                .ok_or(gone)?;
            // Documents belong to the record as it is now: their bytes are
            // stored for the current version only.
            let documents = a.documents.clone();
            let what = format!("достижение «{}» ({})", a.title, r.student.full_name());
            let replaced = back(a, &lost.value, rev, broken)?;
            a.documents = documents;
            (replaced, what, Key::Student(student_id.clone()))
        }
        RecordKey::Reward { student_id, id } => {
            let r = Arc::make_mut(p.students.get_mut(student_id).ok_or(gone)?);
            let name = r.student.full_name();
            let x = r.rewards.iter_mut().find(|x| &x.id == id).ok_or(gone)?;
            let documents = x.documents.clone();
            let what = x.what(&name);
            let replaced = back(x, &lost.value, rev, broken)?;
            x.documents = documents;
            (replaced, what, Key::Student(student_id.clone()))
        }
        RecordKey::Observation { student_id, id } => {
            let r = Arc::make_mut(p.students.get_mut(student_id).ok_or(gone)?);
            let name = r.student.full_name();
            let x = r
                .observations
                .iter_mut()
                .find(|x| &x.id == id)
                .ok_or(gone)?;
            let what = x.what(&name);
            (
                back(x, &lost.value, rev, broken)?,
                what,
                Key::Student(student_id.clone()),
            )
        }
    };
    p.lost[index] = Lost {
        key: lost.key,
        what: replaced_what,
        value: replaced,
        lost_at: now,
    };
    Ok((lost.what, vec![key, Key::Lost]))
}

/// What an archived version says, as (label, value) lines a teacher can
/// read: an achievement's fields with catalogue names, a student's filled
/// «Личные данные», or a name. A version that does not read shows as stored.
pub fn lost_details(l: &Lost, p: &Portfolio) -> Vec<(&'static str, String)> {
    let c = &p.catalogues;
    let v = &l.value;
    let read = match &l.key {
        RecordKey::Achievement { .. } => serde_json::from_str::<Achievement>(v).ok().map(|a| {
            let mut out = vec![
                ("Наименование", a.title.clone()),
                (
                    "Тип достижения",
                    c.name(CatalogueKind::AchievementTypes, &a.type_id),
                ),
                ("Дата проведения", format_ru(a.date)),
            ];
            out.extend(crate::records::achievement::details(&a, c));
            out
        }),
        RecordKey::Reward { .. } => serde_json::from_str::<Reward>(v).ok().map(|r| {
            vec![
                (
                    "Вид поощрения",
                    c.name(CatalogueKind::RewardKinds, &r.kind_id),
                ),
                ("Дата вручения", format_ru(r.date)),
                (
                    "За успехи в",
                    format!(
                        "{} деятельности",
                        crate::records::reward::prepositional(r.activity)
                    ),
                ),
                ("Кем вручено", r.awarded_by),
            ]
        }),
        RecordKey::Observation { .. } => serde_json::from_str::<Observation>(v).ok().map(|o| {
            vec![
                ("Дата наблюдения", format_ru(o.date)),
                ("Результаты", o.tag_labels()),
                ("Что наблюдали", o.text),
                ("Кто наблюдал", o.observer),
            ]
        }),
        RecordKey::Student { .. } => serde_json::from_str::<Student>(v).ok().map(|s| {
            crate::records::student::filled_fields(&s, &p.classes)
                .into_iter()
                .map(|(f, value)| (f.label, value))
                .collect()
        }),
        RecordKey::Entry { .. } => serde_json::from_str::<Entry>(v)
            .ok()
            .map(|e| vec![("Название", e.name)]),
        RecordKey::Class { .. } => serde_json::from_str::<Class>(v)
            .ok()
            .map(|x| vec![("Класс", x.name)]),
        RecordKey::School => serde_json::from_str::<School>(v)
            .ok()
            .map(|x| vec![("Название школы", x.name)]),
        RecordKey::Year { .. } => serde_json::from_str::<SchoolYear>(v).ok().map(|y| {
            let periods: Vec<String> = y.periods.iter().map(|x| x.name.clone()).collect();
            vec![
                ("Учебный год", year_label(y.start_year)),
                ("Периоды", periods.join(", ")),
            ]
        }),
    };
    read.unwrap_or_else(|| vec![("Запись", v.clone())])
}
