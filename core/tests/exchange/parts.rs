use super::*;

#[test]
fn a_file_read_in_parts_is_the_file_read_whole() {
    let mut in_parts = 0;
    for seed in 1..=40 {
        let (_, p, files) = school(seed, 1 + seed as usize % 25);
        let scopes = common::scopes(&p, 3);
        for scope in scopes {
            for with in [true, false] {
                let f = with.then_some(&files);
                let text = to_json(&export(&p, &scope, f, &writer()).unwrap());
                // Pretty-printed too (a file opened and saved in an editor).
                let pretty = serde_json::to_string_pretty(
                    &serde_json::from_str::<serde_json::Value>(&text).unwrap(),
                )
                .unwrap();
                for t in [&text, &pretty] {
                    let (read, parts) = read_knowing(t, KnownTexts::default());
                    assert_eq!(parts, Some(0), "seed {seed}: not read in parts");
                    in_parts += 1;
                    assert_eq!(read.unwrap(), parse(t).unwrap(), "seed {seed}");
                }
            }
        }
    }
    assert!(in_parts > 300, "{in_parts}");
}

#[test]
fn a_student_whose_text_storage_holds_here_is_taken_as_it_is() {
    for seed in 1..=25 {
        let (_, p, files) = school(seed, 2 + seed as usize % 20);
        let n = p.students.len();
        // The device that wrote the file opens it again.
        let text = to_json(&export(&p, &Scope::School, Some(&files), &writer()).unwrap());
        let (read, recognised) = read_knowing(&text, KnownTexts::new(stored_texts(&p)));
        let read = read.unwrap();
        assert_eq!(recognised, Some(n), "seed {seed}");
        assert_eq!(read, parse(&text).unwrap(), "seed {seed}");
        for r in &read.data.students {
            assert!(
                Arc::ptr_eq(r, &p.students[&r.student.id]),
                "seed {seed}: copied"
            );
        }
        // The file has since changed one child (another device's edit):
        // that child is read from the file, the others recognised.
        let mut there = p.clone();
        let (id, r) = there.students.iter_mut().nth(seed as usize % n).unwrap();
        let id = id.clone();
        Arc::make_mut(r).student.personal.last_name.push('а');
        let text = to_json(&export(&there, &Scope::School, Some(&files), &writer()).unwrap());
        let (read, recognised) = read_knowing(&text, KnownTexts::new(stored_texts(&p)));
        let read = read.unwrap();
        assert_eq!(recognised, Some(n - 1), "seed {seed}");
        assert_eq!(read, parse(&text).unwrap(), "seed {seed}");
        let changed = read
            .data
            .students
            .iter()
            .find(|r| r.student.id == id)
            .unwrap();
        assert_eq!(changed.as_ref(), there.students[&id].as_ref());
        // Pretty-printed (saved in an editor): nothing matches, all read.
        let pretty = serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(&text).unwrap(),
        )
        .unwrap();
        let (read, recognised) = read_knowing(&pretty, KnownTexts::new(stored_texts(&p)));
        assert_eq!(recognised, Some(0), "seed {seed}");
        assert_eq!(read.unwrap(), parse(&pretty).unwrap(), "seed {seed}");
    }
}

#[test]
fn a_known_text_followed_by_anything_else_is_refused_as_when_read_whole() {
    let (_, p, files) = school(7, 6);
    let text = to_json(&export(&p, &Scope::School, Some(&files), &writer()).unwrap());
    let first = serde_json::to_string(p.students.values().next().unwrap().as_ref()).unwrap();
    let at = text.find(&first).unwrap() + first.len();
    for junk in [",", ",,", "x", "\"\"", "{}", "1", ":", "]", "}}", " true"] {
        let t = format!("{}{junk}{}", &text[..at], &text[at..]);
        let (read, _) = read_knowing(&t, KnownTexts::new(stored_texts(&p)));
        assert_eq!(read.is_err(), parse(&t).is_err(), "{junk}");
        assert_eq!(read, parse(&t), "{junk}");
        assert!(read.is_err(), "{junk}");
    }
    // A comma after the last student, or before the first.
    let last = serde_json::to_string(p.students.values().last().unwrap().as_ref()).unwrap();
    let first_at = text.find(&first).unwrap();
    for t in [
        text.replacen(&last, &format!("{last},"), 1),
        format!("{},{}", &text[..first_at], &text[first_at..]),
    ] {
        let (read, _) = read_knowing(&t, KnownTexts::new(stored_texts(&p)));
        assert!(read.is_err());
        assert_eq!(read, parse(&t));
    }
    // A known text cut short is not that text: read, and refused.
    let t = format!("{}{}", &text[..at - 2], &text[at..]);
    let (read, _) = read_knowing(&t, KnownTexts::new(stored_texts(&p)));
    assert_eq!(read, parse(&t));
    assert!(read.is_err());
}

#[test]
fn a_malformed_file_read_in_parts_is_refused_as_when_read_whole() {
    let text = sample();
    let mut n = 0;
    for (what, t) in corpus(&text) {
        assert_eq!(read_in_parts(&t), parse(&t), "{what}");
        n += 1;
    }
    let mut rng = Rng(0x5eed);
    for _ in 0..600 {
        let mut b = text.clone().into_bytes();
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
        if let Ok(t) = String::from_utf8(b) {
            assert_eq!(read_in_parts(&t), parse(&t), "flip at {i}");
            n += 1;
        }
    }
    assert!(n > 1000, "{n}");
}

#[test]
fn a_file_written_in_parts_is_the_file_written_whole() {
    use portfolio_core::exchange::{export_skeleton, to_json_parts};
    for seed in 1..=30 {
        let (_, p, files) = school(seed, 1 + seed as usize % 20);
        // What storage holds: each record's text as it was written.
        let stored: BTreeMap<Id, std::sync::Arc<String>> = p
            .students
            .iter()
            .map(|(id, r)| {
                (
                    id.clone(),
                    serde_json::to_string(r.as_ref()).unwrap().into(),
                )
            })
            .collect();
        let mut scopes = common::scopes(&p, 2);
        scopes.push(Scope::Archive { start_year: 2026 });
        for scope in scopes {
            let Ok(whole) = export(&p, &scope, Some(&files), &writer()) else {
                continue;
            };
            let (skeleton, students) =
                export_skeleton(&p, &scope, Some(&files), &writer()).unwrap();
            for with_stored in [false, true] {
                // As the app looks up: the very record storage read.
                let lookup = |r: &portfolio_core::StudentRecord| {
                    let same = p
                        .students
                        .get(&r.student.id)
                        .is_some_and(|kept| std::ptr::eq(kept.as_ref(), r));
                    (with_stored && same)
                        .then(|| stored.get(&r.student.id).cloned())
                        .flatten()
                };
                let parts = to_json_parts(&skeleton, &students, &lookup);
                let text: String = parts.iter().map(|p| &**p).collect();
                assert_eq!(
                    text,
                    to_json(&whole),
                    "seed {seed}, {scope:?}, stored {with_stored}"
                );
            }
        }
    }
}
