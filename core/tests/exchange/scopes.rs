use super::*;

#[test]
fn a_full_backup_round_trips_exactly() {
    for seed in 1..=40 {
        let (_, p, files) = school(seed, 1 + seed as usize % 25);
        let text = full_export(&p, &files);
        let env = parse(&text).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        assert_eq!(env.format, FORMAT);
        assert_eq!(env.version, WHOLE_VERSION);
        assert_eq!(to_portfolio(&env.data), p, "seed {seed}");
        assert_eq!(embedded_files(&env.data), files, "seed {seed}");
        // Writing what was read gives the same file.
        assert_eq!(to_json(&env), text);
    }
}

#[test]
fn a_backup_without_documents_is_small_and_still_valid() {
    let (_, p, files) = school(7, 20);
    let with = full_export(&p, &files);
    let without = to_json(&export(&p, &Scope::School, None, &writer()).unwrap());
    assert!(without.len() < with.len());
    let env = parse(&without).unwrap();
    assert!(!env.data.documents_included && env.data.files.is_empty());
    assert_eq!(to_portfolio(&env.data), p);
}

#[test]
fn a_class_file_holds_that_class_only() {
    let (_, p, files) = school(3, 30);
    for class in &p.classes {
        let scope = Scope::Class {
            class_id: class.id.clone(),
        };
        let env = parse(&to_json(
            &export(&p, &scope, Some(&files), &writer()).unwrap(),
        ))
        .unwrap();
        let expected: Vec<&Id> = p
            .students
            .values()
            .filter(|r| r.student.class_id == class.id)
            .map(|r| &r.student.id)
            .collect();
        let got: Vec<&Id> = env.data.students.iter().map(|r| &r.student.id).collect();
        assert_eq!(got, expected);
        assert_eq!(env.data.classes, vec![class.clone()]);
    }
}

#[test]
fn a_childs_package_holds_nothing_about_any_other_child() {
    for seed in [2, 5, 11, 19] {
        let (_, p, files) = school(seed, 24);
        for (id, r) in &p.students {
            let scope = Scope::Student {
                student_id: id.clone(),
            };
            let keys = file_keys(&p, &scope);
            let text = to_json(&export(&p, &scope, Some(&files), &writer()).unwrap());
            let env = parse(&text).unwrap();
            assert_eq!(env.data.students.len(), 1);
            assert_eq!(env.data.students[0].as_ref(), r.as_ref());
            assert_eq!(env.data.students[0].rewards, r.rewards);
            assert_eq!(env.data.students[0].observations, r.observations);
            // No other child's id, name or document anywhere in the file.
            for (other_id, other) in &p.students {
                if other_id == id {
                    continue;
                }
                assert!(
                    !text.contains(&other_id.0),
                    "seed {seed}: another child's id"
                );
                let name = other.student.full_name();
                if name != r.student.full_name() {
                    assert!(
                        !text.contains(&name),
                        "seed {seed}: «{name}» in {}'s package",
                        r.student.full_name()
                    );
                }
                for d in other.documents() {
                    assert!(!text.contains(&d.id.0) && !text.contains(&d.sha256));
                }
                // Nor their rewards or observations.
                for x in &other.rewards {
                    assert!(
                        !text.contains(&x.id.0),
                        "seed {seed}: another child's reward"
                    );
                }
                for o in &other.observations {
                    assert!(
                        !text.contains(&o.id.0),
                        "seed {seed}: another child's observation"
                    );
                }
            }
            // Only this child's documents; the shared catalogues whole (the
            // family adds achievements with them), and of the staff only the
            // people this child's records or class name.
            assert_eq!(
                env.data
                    .files
                    .iter()
                    .map(|f| f.key.clone())
                    .collect::<Vec<_>>(),
                keys
            );
            assert_eq!(
                env.data.catalogues.list(CatalogueKind::AchievementTypes),
                p.catalogues.list(CatalogueKind::AchievementTypes)
            );
            let class_teacher = p
                .class(&r.student.class_id)
                .and_then(|c| c.teacher_id.clone());
            for e in env.data.catalogues.list(CatalogueKind::Staff) {
                assert!(
                    r.achievements
                        .iter()
                        .any(|a| a.staff_id.as_ref() == Some(&e.id))
                        || class_teacher.as_ref() == Some(&e.id),
                    "seed {seed}: staff «{}» not named by the child's records",
                    e.name
                );
            }
            assert_eq!(env.data.classes.len(), 1);
            // The anonymous place in the class.
            let pos = env.data.class_position.expect("a place in the class");
            let class_size = p.students_of_class(&r.student.class_id).len() as u32;
            assert_eq!(pos.of, class_size);
            assert!(pos.place >= 1 && pos.place <= class_size);
            // By rating points, with the basis stated.
            let to = pos.place_to.unwrap_or(pos.place);
            assert!(pos.place <= to && to <= class_size);
            let said = pos.describe();
            assert!(said.contains(&format!("место из {class_size} (")), "{said}");
            assert!(said.contains("учебный год)"), "{said}");
        }
    }
}
