use super::*;

#[test]
fn newer_older_and_foreign_files_are_refused_before_their_data_is_read() {
    let text = sample();
    let current = format!("\"version\":{WHOLE_VERSION}");
    assert!(text.contains(&current));
    let v4 = text.replacen(&current, &format!("\"version\":{}", VERSION + 1), 1);
    let e = refused(&v4);
    assert!(e.contains("более новой версией"), "{e}");
    // A newer file is refused even if its data would not fit this version.
    let v4_other = v4.replacen("\"data\":{", "\"data\":{\"unknown_new_thing\":[1,2,3],", 1);
    assert!(refused(&v4_other).contains("более новой версией"));
    for v in ["0", "-1", "\"2\"", "1.5", "null"] {
        let t = text.replacen(&current, &format!("\"version\":{v}"), 1);
        refused(&t);
    }
    assert!(refused(&text.replacen(FORMAT, "other-app", 1)).contains("не файл Портфолио"));
    assert!(refused("{}").contains("не файл Портфолио"));
    assert!(refused("[1,2,3]").contains("не файл Портфолио"));
    assert!(refused("").contains("обрывается"));
    assert!(refused("Фамилия;Имя\nИванов;Иван").contains("повреждён"));
}

#[test]
fn problems_name_the_place() {
    let (_, p, files) = school(9, 5);
    let mut env: Envelope = export(&p, &Scope::School, Some(&files), &writer()).unwrap();
    let (si, ai) = env
        .data
        .students
        .iter()
        .enumerate()
        .find_map(|(i, r)| (!r.achievements.is_empty()).then_some((i, 0)))
        .unwrap();
    Arc::make_mut(&mut env.data.students[si]).achievements[ai].type_id = Id("Олимпиада1".into());
    let e = refused(&to_json(&env));
    let who = env.data.students[si].student.full_name();
    assert!(
        e.contains(&format!("ученик №{} («{who}»), достижение №1", si + 1))
            && e.contains("неизвестный тип достижения «Олимпиада1»"),
        "{e}"
    );
}

#[test]
fn more_than_1000_malformed_files_are_refused_with_a_message_and_none_panics() {
    let text = sample();
    let mut refusals = 0;
    let mut accepted_optional = 0;
    let mut unexpected = Vec::new();
    for (what, t) in corpus(&text) {
        let without_optional = what.starts_with("without ") && optional(&what["without ".len()..]);
        match parse(&t) {
            Err(e) => {
                assert!(
                    e.chars().any(|c| ('а'..='я').contains(&c)),
                    "{what}: not Russian: {e}"
                );
                refusals += 1;
            }
            Ok(_) if without_optional => accepted_optional += 1,
            Ok(_) => unexpected.push(what),
        }
    }
    assert!(unexpected.is_empty(), "accepted: {unexpected:#?}");
    // Random byte flips: a flip inside a free text can leave a valid file,
    // which is then accepted as what it now says; nothing may panic.
    let mut rng = Rng(0xdead_beef);
    let mut flips_refused = 0;
    for _ in 0..600 {
        let mut b = text.clone().into_bytes();
        let i = rng.below(b.len());
        b[i] ^= 1 << rng.below(8);
        if let Ok(t) = String::from_utf8(b) {
            if parse(&t).is_err() {
                flips_refused += 1;
            }
        } else {
            flips_refused += 1; // not even text: the UI refuses it as not UTF-8
        }
    }
    println!("refused {refusals} broken files and {flips_refused} of 600 byte flips; {accepted_optional} files without an optional field accepted");
    assert!(refusals >= 1000, "only {refusals}");
    assert!(flips_refused > 300, "only {flips_refused} flips refused");
}

#[test]
fn messages_say_what_is_wrong_and_where() {
    let text = sample();
    let e = refused(&text[..text.len() / 2]);
    assert!(
        e.starts_with("Файл не прочитан: файл обрывается") && e.contains("строка 1, позиция"),
        "{e}"
    );
    let e = refused(&text.replacen("\"title\":", "\"titel\":", 1));
    assert!(
        e.contains("неизвестное поле «titel»") || e.contains("нет обязательного поля «title»"),
        "{e}"
    );
    let e = refused(&text.replacen(
        "\"documents_included\":true",
        "\"documents_included\":\"да\"",
        1,
    ));
    assert!(e.contains("значение не того типа"), "{e}");
    // Deep nesting: the format has no recursive types, so a nested array is
    // refused at its first level as the wrong type, and the values skipped
    // while reading the head are skipped by serde_json without recursion —
    // no depth can exhaust the stack (1 MB in wasm).
    let deep = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    let e = refused(&text.replacen("\"students\":[", &format!("\"students\":[{deep},"), 1));
    assert!(e.contains("значение не того типа"), "{e}");
    let e = refused(&format!(
        "{{\"format\":\"{FORMAT}\",\"version\":1,\"x\":{deep}}}"
    ));
    assert!(e.contains("неизвестное поле «x»"), "{e}");
    let e = refused(&text.replacen(
        "\"birth_date\":\"2018-09-01\"",
        "\"birth_date\":\"2018-02-30\"",
        1,
    ));
    assert!(e.starts_with("Файл не прочитан:"), "{e}");
}
