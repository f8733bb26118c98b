//! Form fields. Values are plain strings; parsing and validation live in the core.

use leptos::prelude::*;

/// What kind of text input to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum InputKind {
    #[default]
    Text,
    /// A date typed as ДД.ММ.ГГГГ (a text field with a numeric keyboard).
    Date,
    Email,
    Tel,
    /// A passphrase (hidden as typed).
    Password,
    /// A whole number (a numeric keypad on phones).
    Number,
    TextArea,
}

fn error_view(id: String, error: Signal<Option<String>>) -> impl IntoView {
    move || {
        error.get().map(|msg| {
            view! {
                <p class="field-error" id=format!("{id}-error")>
                    {msg}
                </p>
            }
        })
    }
}

/// Ids of the hint and error paragraphs, for aria-describedby.
fn described_by(id: &str, has_hint: bool, has_error: bool) -> Option<String> {
    let mut v = Vec::new();
    if has_hint {
        v.push(format!("{id}-hint"));
    }
    if has_error {
        v.push(format!("{id}-error"));
    }
    (!v.is_empty()).then(|| v.join(" "))
}

/// A labelled text input (or textarea) with an optional hint and error.
#[component]
pub fn TextField(
    /// The element id (also the `for` of the label).
    #[prop(into)]
    id: String,
    /// The visible label.
    #[prop(into)]
    label: String,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] hint: String,
    #[prop(optional)] kind: InputKind,
) -> impl IntoView {
    let has_hint = !hint.is_empty();
    let hint_id = format!("{id}-hint");
    let id_for_desc = id.clone();
    let describedby = move || described_by(&id_for_desc, has_hint, error.with(|e| e.is_some()));
    let invalid = move || error.with(|e| e.is_some()).then_some("true");
    let input = match kind {
        InputKind::TextArea => view! {
            <textarea
                id=id.clone()
                name=id.clone()
                rows="4"
                aria-invalid=invalid
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any(),
        _ => {
            let (ty, mode, autocomplete) = match kind {
                // "decimal": a phone keypad with digits and a separator ("numeric" on
                // iOS has no dot or comma at all).
                InputKind::Date => ("text", Some("decimal"), Some("off")),
                InputKind::Email => ("email", None, Some("email")),
                InputKind::Tel => ("tel", None, Some("tel")),
                InputKind::Password => ("password", None, Some("off")),
                InputKind::Number => ("text", Some("numeric"), Some("off")),
                _ => ("text", None, None),
            };
            let placeholder = (kind == InputKind::Date).then_some("ДД.ММ.ГГГГ");
            view! {
                <input
                    id=id.clone()
                    name=id.clone()
                    type=ty
                    inputmode=mode
                    autocomplete=autocomplete
                    placeholder=placeholder
                    aria-required=required.then_some("true")
                    aria-invalid=invalid
                    aria-describedby=describedby
                    prop:value=move || value.get()
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                />
            }
            .into_any()
        }
    };
    view! {
        <div class="field" class:has-error=move || error.with(|e| e.is_some())>
            <label for=id.clone() class:required=required>
                {label}
            </label>
            {input}
            {has_hint.then(|| view! { <p class="hint" id=hint_id>{hint.clone()}</p> })}
            {error_view(id.clone(), error)}
        </div>
    }
}

/// A labelled select. `options` are (value, label); `empty` adds a first
/// option with the empty value («— не выбрано —»).
#[component]
pub fn SelectField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_change: Callback<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] required: bool,
    #[prop(optional, into)] empty: Option<String>,
) -> impl IntoView {
    let id_for_desc = id.clone();
    let describedby = move || described_by(&id_for_desc, false, error.with(|e| e.is_some()));
    view! {
        <div class="field" class:has-error=move || error.with(|e| e.is_some())>
            <label for=id.clone() class:required=required>
                {label}
            </label>
            <select
                id=id.clone()
                name=id.clone()
                aria-required=required.then_some("true")
                aria-invalid=move || error.with(|e| e.is_some()).then_some("true")
                aria-describedby=describedby
                on:change=move |ev| on_change.run(event_target_value(&ev))
            >
                {empty.map(|e| view! { <option value="" selected=move || value.with(|v| v.is_empty())>{e}</option> })}
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, l)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{l}</option> }
                        })
                        .collect_view()
                }}
            </select>
            {error_view(id.clone(), error)}
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    #[prop(into)] checked: Signal<bool>,
    #[prop(into)] on_change: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="field check">
            <input
                type="checkbox"
                id=id.clone()
                name=id.clone()
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id>{label}</label>
        </div>
    }
}
