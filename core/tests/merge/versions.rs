use super::*;

#[test]
fn an_archived_version_can_be_brought_back_and_the_replaced_one_is_archived() {
    use portfolio_core::exchange::merge::restore;
    let Diverged {
        sid,
        teacher,
        parent,
        from_parent,
    } = changed_on_both_sides(
        |a| a.title = "Название от учителя".into(),
        |a| a.title = "Название от родителя".into(),
    );
    let scope = Scope::Student {
        student_id: sid.clone(),
    };
    let (merged, _) = merge(&teacher, &from_parent, T0 + 3 * DAY);
    assert_eq!(
        merged.students[&sid].achievements[0].title,
        "Название от родителя"
    );
    assert!(merged.lost[0].value.contains("Название от учителя"));

    // The teacher brings their version back, as an edit the app makes.
    let mut back = merged.clone();
    let rev = Revision::new(T0 + 4 * DAY, "teacher-laptop");
    let (what, keys) = restore(&mut back, 0, &rev, T0 + 4 * DAY).unwrap();
    record_edit(&merged, &mut back, &keys, &rev);
    assert_eq!(
        what,
        "достижение «Название от родителя» (".to_string()
            + &back.students[&sid].student.full_name()
            + ")"
    );
    assert!(keys.contains(&Key::Lost) && keys.contains(&Key::Student(sid.clone())));
    let a = &back.students[&sid].achievements[0];
    assert_eq!(a.title, "Название от учителя");
    assert_eq!(a.documents, merged.students[&sid].achievements[0].documents);
    // The replaced version is archived in its place, under its own name.
    assert_eq!(back.lost.len(), 1);
    assert!(back.lost[0].value.contains("Название от родителя"));
    assert!(back.lost[0].what.contains("Название от родителя"));
    // It is newer than both versions: the parent's file again changes nothing,
    // and the parent gets the restored version as an update, not a conflict.
    let (again, report) = merge(&back, &from_parent, T0 + 5 * DAY);
    assert!(report.is_empty(), "{report:?}");
    assert_eq!(again, back);
    let (p2, report) = merge(&parent, &via_file(&back, scope), T0 + 5 * DAY);
    assert!(report.conflicts.is_empty(), "{report:?}");
    assert_eq!(
        p2.students[&sid].achievements[0].title,
        "Название от учителя"
    );
    // Bringing back twice returns to where it was.
    let mut twice = back.clone();
    let rev = Revision::new(T0 + 6 * DAY, "teacher-laptop");
    let (_, keys) = restore(&mut twice, 0, &rev, T0 + 6 * DAY).unwrap();
    record_edit(&back, &mut twice, &keys, &rev);
    assert_eq!(
        twice.students[&sid].achievements[0].title,
        "Название от родителя"
    );
    // A version of a record that is gone, or a damaged one, is refused.
    let mut gone = back.clone();
    Arc::make_mut(gone.students.get_mut(&sid).unwrap())
        .achievements
        .remove(0);
    assert_eq!(
        restore(&mut gone, 0, &rev, T0).unwrap_err(),
        "Этой записи больше нет: версию некуда вернуть."
    );
    let mut damaged = back.clone();
    damaged.lost[0].value = "{".into();
    assert!(restore(&mut damaged, 0, &rev, T0)
        .unwrap_err()
        .contains("повреждена"));
    assert!(restore(&mut damaged, 5, &rev, T0).is_err());
    assert_eq!(
        damaged.lost,
        back.lost
            .iter()
            .map(|l| {
                let mut l = l.clone();
                l.value = "{".into();
                l
            })
            .collect::<Vec<_>>()
    );
}

#[test]
fn an_archived_version_reads_as_labelled_fields() {
    use portfolio_core::exchange::merge::lost_details;
    use portfolio_core::records::Lost;
    let (_, base, _) = school(8, 6);
    let sid = first_with_achievements(&base);
    let r = &base.students[&sid];
    let a = &r.achievements[0];
    let lost = |key: RecordKey, value: String| Lost {
        key,
        what: "—".into(),
        value,
        lost_at: T0,
    };
    let shown = lost_details(
        &lost(
            RecordKey::Achievement {
                student_id: sid.clone(),
                id: a.id.clone(),
            },
            serde_json::to_string(a).unwrap(),
        ),
        &base,
    );
    let c = &base.catalogues;
    use portfolio_core::CatalogueKind as K;
    assert_eq!(shown[0], ("Наименование", a.title.clone()));
    assert!(shown.contains(&("Тип достижения", c.name(K::AchievementTypes, &a.type_id))));
    assert!(shown.contains(&("Уровень мероприятия", c.name(K::EventLevels, &a.level_id))));
    assert!(shown.contains(&(
        "Дата проведения",
        portfolio_core::util::date::format_ru(a.date)
    )));
    let student = lost_details(
        &lost(
            RecordKey::Student { id: sid.clone() },
            serde_json::to_string(&r.student).unwrap(),
        ),
        &base,
    );
    assert!(student.contains(&("Фамилия", r.student.personal.last_name.clone())));
    // Choices and the class read as the screen shows them, not as codes.
    let sex = student.iter().find(|(l, _)| *l == "Пол").unwrap();
    assert!(sex.1 == "Женский" || sex.1 == "Мужской", "{sex:?}");
    let class = student.iter().find(|(l, _)| *l == "Класс").unwrap();
    assert_eq!(
        class.1,
        base.class(&r.student.class_id).unwrap().name.clone()
    );
    // A version that does not read is shown as stored.
    assert_eq!(
        lost_details(&lost(RecordKey::Student { id: sid }, "{oops".into()), &base),
        vec![("Запись", "{oops".to_string())]
    );
}

#[test]
fn a_file_with_documents_completes_what_came_without_them() {
    use portfolio_core::exchange::{drop_missing_documents, new_files};
    use portfolio_core::stored::{changes, FILES_STORE};
    let (_, teacher, files) = school(5, 10);
    let docs =
        |p: &Portfolio| -> usize { p.students.values().map(|r| r.documents().count()).sum() };
    assert!(docs(&teacher) > 0, "the generated school has documents");
    // A new device opens a backup «без документов»: the documents are left out.
    let light = parse(&to_json(
        &export(&teacher, &Scope::School, None, &writer()).unwrap(),
    ))
    .unwrap();
    let empty = Portfolio::default();
    let mut incoming = to_portfolio(&light.data);
    let left_out = drop_missing_documents(&mut incoming, &empty);
    assert_eq!(left_out, docs(&teacher));
    let (device, _) = merge(&empty, &incoming, T0);
    assert_eq!(docs(&device), 0);
    // Later the full backup: the same revisions, now with their documents.
    let full = parse(&to_json(
        &export(&teacher, &Scope::School, Some(&files), &writer()).unwrap(),
    ))
    .unwrap();
    let (completed, report) = merge(&device, &to_portfolio(&full.data), T0 + DAY);
    assert!(report.conflicts.is_empty(), "{report:?}");
    let with_docs = teacher
        .students
        .values()
        .map(|r| {
            r.achievements
                .iter()
                .filter(|a| !a.documents.is_empty())
                .count()
                + r.rewards.iter().filter(|x| !x.documents.is_empty()).count()
        })
        .sum::<usize>();
    assert_eq!(report.updated.len(), with_docs, "{report:?}");
    assert_eq!(docs(&completed), docs(&teacher));
    // …and the bytes are written with them, in the same change.
    let needed = new_files(&full.data, &device);
    let writes = changes(&device, &completed, &report.keys, &needed).unwrap();
    let stored = writes.iter().filter(|w| w.store == FILES_STORE).count();
    assert_eq!(stored, files.len());
    // Where the documents are already stored, no bytes are decoded again.
    assert!(new_files(&full.data, &completed).is_empty());
    assert_eq!(new_files(&full.data, &device).len(), docs(&teacher));
    // Once complete, the full backup again changes nothing.
    let (_, again) = merge(&completed, &to_portfolio(&full.data), T0 + 2 * DAY);
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn a_record_changed_outside_the_app_is_never_taken_silently() {
    use portfolio_core::exchange::merge::merge_accepting;
    let (_, teacher, _) = school(12, 6);
    let sid = first_with_achievements(&teacher);
    let a = &teacher.students[&sid].achievements[0];
    let (aid, title) = (a.id.clone(), a.title.clone());
    // The file's achievement edited by hand: another title, the same revision.
    let text = to_json(&export(&teacher, &Scope::School, None, &writer()).unwrap());
    let forged = text.replacen(
        &format!(
            "\"id\":\"{aid}\",\"title\":{}",
            serde_json::to_string(&title).unwrap()
        ),
        &format!("\"id\":\"{aid}\",\"title\":\"Всероссийская олимпиада (исправлено вручную)\""),
        1,
    );
    assert_ne!(forged, text);
    let incoming = to_portfolio(&parse(&forged).unwrap().data);
    let (kept, report) = merge(&teacher, &incoming, T0);
    assert_eq!(report.changed_outside.len(), 1, "{report:?}");
    assert!(
        report.changed_outside.named()[0].contains("исправлено вручную"),
        "{report:?}"
    );
    assert!(report.is_empty(), "nothing is written unless confirmed");
    assert_eq!(kept, teacher);
    // Confirmed: the file's version is taken, the copy here is archived.
    let (taken, report) = merge_accepting(&teacher, &incoming, T0, true);
    assert_eq!(
        taken.students[&sid].achievements[0].title,
        "Всероссийская олимпиада (исправлено вручную)"
    );
    assert!(report.keys.contains(&Key::Lost) && report.keys.contains(&Key::Student(sid.clone())));
    let lost = taken.lost.last().unwrap();
    assert!(
        lost.what.ends_with("(до изменения вне приложения)"),
        "{}",
        lost.what
    );
    assert!(lost.value.contains(&serde_json::to_string(&title).unwrap()));
    // The same file again changes nothing.
    let (_, again) = merge(&taken, &incoming, T0 + DAY);
    assert!(
        again.is_empty() && again.changed_outside.is_empty(),
        "{again:?}"
    );
    // A record whose copies differ only in history (a conflict merged on
    // one side) is not taken for one changed outside.
    let (mut a, mut b) = (teacher.clone(), teacher.clone());
    for (side, device, at) in [(&mut a, "dev-a", T0 + 5), (&mut b, "dev-b", T0 + 9)] {
        edit_first(side, device, at, &sid, |x| {
            x.result = format!("от {device}")
        });
    }
    let (m, report) = merge(&a, &via_file(&b, Scope::School), T0 + DAY);
    assert_eq!(report.conflicts.len(), 1);
    let (_, report) = merge(&m, &via_file(&b, Scope::School), T0 + 2 * DAY);
    assert!(report.changed_outside.is_empty(), "{report:?}");
    let (_, report) = merge(&b, &via_file(&m, Scope::School), T0 + 2 * DAY);
    assert!(report.changed_outside.is_empty(), "{report:?}");
}
