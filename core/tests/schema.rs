//! The JSON Schemas in `docs/` are generated from the core types: they must
//! be up to date, and real files — the worked example, exports of generated
//! schools in every scope, an encrypted file — must satisfy them. A small
//! validator (the subset of JSON Schema that schemars writes) checks that;
//! broken files prove the validator is not vacuous.

use portfolio_core::exchange::schema::{encrypted_schema, export_schema};
use portfolio_core::exchange::sealed::{seal, Sealed, ITERATIONS};
use portfolio_core::exchange::{export, to_json};
use serde_json::Value;

mod common;
use common::{school, writer};

fn docs(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every way `v` breaks `schema` (resolved against `root`), with its path.
fn check(root: &Value, schema: &Value, v: &Value, at: &str, out: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        if schema == &Value::Bool(false) {
            out.push(format!("{at}: not allowed"));
        }
        return;
    };
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        let target = &root["$defs"][name];
        assert!(!target.is_null(), "unresolved {r}");
        check(root, target, v, at, out);
    }
    if let Some(t) = s.get("type") {
        let types: Vec<&str> = match t {
            Value::String(one) => vec![one.as_str()],
            Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let fits = types.iter().any(|t| match *t {
            "null" => v.is_null(),
            "boolean" => v.is_boolean(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "array" => v.is_array(),
            "object" => v.is_object(),
            _ => panic!("type {t}"),
        });
        if !fits {
            out.push(format!("{at}: expected {types:?}, found {v}"));
            return;
        }
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            out.push(format!("{at}: {v} not one of {e:?}"));
        }
    }
    if let Some(c) = s.get("const") {
        if c != v {
            out.push(format!("{at}: {v} is not {c}"));
        }
    }
    if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64()) {
        if n < min {
            out.push(format!("{at}: {n} < {min}"));
        }
    }
    if let (Some(max), Some(n)) = (s.get("maximum").and_then(Value::as_f64), v.as_f64()) {
        if n > max {
            out.push(format!("{at}: {n} > {max}"));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = s.get(key).and_then(Value::as_array) {
            let passing = options
                .iter()
                .filter(|o| {
                    let mut e = Vec::new();
                    check(root, o, v, at, &mut e);
                    e.is_empty()
                })
                .count();
            let ok = if key == "oneOf" {
                passing == 1
            } else {
                passing >= 1
            };
            if !ok {
                out.push(format!("{at}: {passing} of the {key} options match"));
            }
        }
    }
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for o in all {
            check(root, o, v, at, out);
        }
    }
    if let Some(obj) = v.as_object() {
        let props = s.get("properties").and_then(Value::as_object);
        for name in s
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let name = name.as_str().unwrap();
            if !obj.contains_key(name) {
                out.push(format!("{at}: missing «{name}»"));
            }
        }
        for (k, val) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(p) => check(root, p, val, &format!("{at}.{k}"), out),
                None => match s.get("additionalProperties") {
                    Some(Value::Bool(false)) => out.push(format!("{at}: unknown field «{k}»")),
                    Some(extra @ Value::Object(_)) => {
                        check(root, extra, val, &format!("{at}.{k}"), out)
                    }
                    _ => {}
                },
            }
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(root, items, x, &format!("{at}[{i}]"), out);
        }
    }
}

fn problems(schema: &Value, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    check(schema, schema, v, "$", &mut out);
    out
}

#[test]
fn the_schemas_in_docs_are_up_to_date() {
    assert!(
        docs("export-schema.json") == export_schema()
            && docs("export-encrypted-schema.json") == encrypted_schema(),
        "docs/ is behind the types: run `cargo run -p portfolio-core --features schema --example export_schema`"
    );
}

#[test]
fn the_worked_example_and_generated_exports_satisfy_the_schema() {
    let schema: Value = serde_json::from_str(&export_schema()).unwrap();
    let example: Value = serde_json::from_str(&docs("export-example.json")).unwrap();
    assert_eq!(problems(&schema, &example), Vec::<String>::new());
    for seed in 1..=8 {
        let (_, p, files) = school(seed, 12);
        let scopes = common::scopes(&p, 3);
        for scope in scopes {
            for with in [Some(&files), None] {
                let text = to_json(&export(&p, &scope, with, &writer()).unwrap());
                let v: Value = serde_json::from_str(&text).unwrap();
                let found = problems(&schema, &v);
                assert!(found.is_empty(), "seed {seed}, {scope:?}: {found:?}");
            }
        }
    }
}

#[test]
fn broken_files_break_the_schema() {
    let schema: Value = serde_json::from_str(&export_schema()).unwrap();
    let example: Value = serde_json::from_str(&docs("export-example.json")).unwrap();
    let broken = |edit: &dyn Fn(&mut Value)| {
        let mut v = example.clone();
        edit(&mut v);
        problems(&schema, &v)
    };
    assert!(!broken(&|v| v["data"]["extra"] = 1.into()).is_empty());
    assert!(!broken(&|v| v["version"] = "1".into()).is_empty());
    assert!(!broken(&|v| v["scope"] = "everyone".into()).is_empty());
    assert!(!broken(&|v| {
        v.as_object_mut().unwrap().remove("exported_at");
    })
    .is_empty());
    assert!(!broken(
        &|v| v["data"]["students"][0]["student"]["personal"]["last_name"] = Value::Null
    )
    .is_empty());
    assert!(!broken(&|v| v["data"]["documents_included"] = "да".into()).is_empty());
}

#[test]
fn an_encrypted_file_satisfies_its_schema() {
    let schema: Value = serde_json::from_str(&encrypted_schema()).unwrap();
    let text = seal(&Sealed {
        iterations: ITERATIONS,
        salt: vec![1; 16],
        nonce: vec![2; 12],
        data: vec![3; 64],
    });
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(problems(&schema, &v), Vec::<String>::new());
    for (field, value) in [
        ("iterations", Value::from(1000)),
        ("iterations", Value::from(50_000_000)),
        ("cipher", Value::from("AES-128-CBC")),
        ("format", Value::from("portfolio-export")),
    ] {
        let mut bad = v.clone();
        bad[field] = value;
        assert!(!problems(&schema, &bad).is_empty(), "{field}");
    }
}
