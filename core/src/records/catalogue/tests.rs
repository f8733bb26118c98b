use super::*;

fn rev() -> Revision {
    Revision::builtin()
}

#[test]
fn defaults_match_the_regulations() {
    let c = Catalogues::default();
    let types: Vec<&str> = c
        .achievement_types
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(types.len(), 11);
    assert_eq!(types[0], "Олимпиада");
    assert_eq!(types[9], "Участие в добровольческой деятельности");
    assert_eq!(types[10], "Иное");
    assert_eq!(c.event_levels.len(), 6);
    assert_eq!(c.prize_places.len(), 6);
    assert_eq!(c.subjects.len(), 13);
    assert_eq!(c.result_categories.len(), 6);
    assert_eq!(c.document_kinds.len(), 9);
    assert!(c.staff.is_empty());
    assert_eq!(
        c.name(CatalogueKind::Subjects, &no_subject_id()),
        "Нет предмета"
    );
    assert_eq!(
        c.name(CatalogueKind::PrizePlaces, &participant_place_id()),
        "Участник"
    );
    assert_eq!(
        c.name(CatalogueKind::EventLevels, &school_level_id()),
        "Школьный"
    );
}

#[test]
fn default_ids_are_stable_and_unique() {
    let a = Catalogues::default();
    let b = Catalogues::default();
    assert_eq!(a, b);
    let mut ids: Vec<&Id> = CatalogueKind::ALL
        .iter()
        .flat_map(|k| a.list(*k).iter().map(|e| &e.id))
        .collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn slugs_round_trip() {
    for k in CatalogueKind::ALL {
        assert_eq!(CatalogueKind::from_slug(k.slug()), Some(k));
    }
    assert_eq!(CatalogueKind::from_slug("nope"), None);
}

#[test]
fn add_rename_and_uniqueness() {
    let mut c = Catalogues::default();
    let k = CatalogueKind::AchievementTypes;
    let id = c
        .add(k, "  Соревнования  по  лыжам ", "", Id::fixed("x"), rev())
        .unwrap();
    assert_eq!(c.name(k, &id), "Соревнования по лыжам");
    let e = c
        .add(k, "олимпиада", "", Id::fixed("y"), rev())
        .unwrap_err();
    assert_eq!(
        e.get("name"),
        Some("«Олимпиада» уже есть в справочнике «Типы достижений».")
    );
    assert!(c
        .add(k, "   ", "", Id::fixed("z"), rev())
        .unwrap_err()
        .get("name")
        .is_some());
    assert!(c
        .add(k, &"я".repeat(201), "", Id::fixed("z"), rev())
        .is_err());
    // renaming to its own name (different case) is fine, to another's is not
    c.rename(k, &id, "СОРЕВНОВАНИЯ ПО ЛЫЖАМ", "", rev())
        .unwrap();
    assert!(c.rename(k, &id, "КВН", "", rev()).is_err());
    assert!(c.rename(k, &Id::fixed("gone"), "Новое", "", rev()).is_err());
}

#[test]
fn staff_keep_a_role() {
    let mut c = Catalogues::default();
    let id = c
        .add(
            CatalogueKind::Staff,
            "Петрова Анна Ивановна",
            " учитель начальных классов ",
            Id::fixed("s"),
            rev(),
        )
        .unwrap();
    assert_eq!(
        c.get(CatalogueKind::Staff, &id).unwrap().role,
        "учитель начальных классов"
    );
}

#[test]
fn delete_is_refused_while_in_use() {
    let mut c = Catalogues::default();
    let k = CatalogueKind::AchievementTypes;
    let olymp = k.default_id(1);
    let e = c
        .delete(
            k,
            &olymp,
            Usage {
                achievements: 3,
                rewards: 0,
                students: 2,
                classes: 0,
            },
        )
        .unwrap_err();
    assert_eq!(
        e,
        "Нельзя удалить тип достижения «Олимпиада»: он указан в 3 достижениях у 2 учеников. Сначала измените или удалите эти достижения."
    );
    assert_eq!(c.achievement_types.len(), 11);
    let e = c
        .delete(
            k,
            &olymp,
            Usage {
                achievements: 1,
                rewards: 0,
                students: 1,
                classes: 0,
            },
        )
        .unwrap_err();
    assert!(e.contains("в 1 достижении у 1 ученика"), "{e}");
    c.delete(k, &olymp, Usage::default()).unwrap();
    assert_eq!(c.achievement_types.len(), 10);
    assert!(c.delete(k, &olymp, Usage::default()).is_err());
}

#[test]
fn staff_used_by_a_class_cannot_be_deleted() {
    let mut c = Catalogues::default();
    let id = c
        .add(
            CatalogueKind::Staff,
            "Петрова А. И.",
            "",
            Id::fixed("s"),
            rev(),
        )
        .unwrap();
    let e = c
        .delete(
            CatalogueKind::Staff,
            &id,
            Usage {
                achievements: 0,
                rewards: 0,
                students: 0,
                classes: 1,
            },
        )
        .unwrap_err();
    assert!(
        e.starts_with(
            "Нельзя удалить педагога «Петрова А. И.»: он указан классным руководителем в 1 классе"
        ),
        "{e}"
    );
}

#[test]
fn refusals_agree_in_gender() {
    let mut c = Catalogues::default();
    let uses = Usage {
        achievements: 5,
        rewards: 0,
        students: 2,
        classes: 0,
    };
    let k = CatalogueKind::ResultCategories;
    let e = c.delete(k, &k.default_id(1), uses).unwrap_err();
    assert!(e.starts_with("Нельзя удалить категорию результатов «Учебные достижения»: она указана в 5 достижениях у 2 учеников."), "{e}");
    let k = CatalogueKind::PrizePlaces;
    let e = c.delete(k, &k.default_id(6), uses).unwrap_err();
    assert!(e.contains("«Участник»: оно указано в 5 достижениях"), "{e}");
}
