//! The «Личные данные» form, drawn from the core's field table.

use crate::route::Route;
use crate::state::use_app;
use crate::ui::field::InputKind;
use crate::ui::{FormState, NoticeView, SelectField, TextField};
use leptos::prelude::*;
use leptos::task::spawn_local;
use portfolio_core::records::school_year::year_label;
use portfolio_core::records::student::{
    FieldKind, FieldSpec, Section, Status, StudentForm, STUDENT_FIELDS,
};
use portfolio_core::util::id::Context;
use portfolio_core::{FieldErrors, Id, StudentRecord};

fn field_view(
    spec: &'static FieldSpec,
    form: RwSignal<StudentForm>,
    errors: RwSignal<FieldErrors>,
) -> AnyView {
    let app = use_app();
    let key = spec.key;
    let id = format!("f-{key}");
    let value = Signal::derive(move || form.with(|f| f.get(key).to_string()));
    let error = Signal::derive(move || errors.with(|e| e.get(key).map(String::from)));
    let set = move |v: String| form.update(|f| f.set(key, &v));
    let text = |kind: InputKind| {
        view! {
            <TextField id=id.clone() label=spec.label value=value on_input=set error=error required=spec.required hint=spec.hint kind=kind />
        }
        .into_any()
    };
    match spec.kind {
        FieldKind::Text => text(InputKind::Text),
        FieldKind::Date => text(InputKind::Date),
        FieldKind::Email => text(InputKind::Email),
        FieldKind::Tel => text(InputKind::Tel),
        FieldKind::TextArea => text(InputKind::TextArea),
        FieldKind::Choice(options) => {
            let opts: Vec<(String, String)> = options
                .iter()
                .map(|(v, l)| (v.to_string(), l.to_string()))
                .collect();
            view! {
                <SelectField id=id label=spec.label options=Signal::stored(opts) value=value on_change=set error=error required=spec.required empty="— не выбрано —" />
            }
            .into_any()
        }
        FieldKind::Class => {
            let options = Signal::derive(move || {
                app.data.with(|p| {
                    let mut v: Vec<_> = p.classes.iter().collect();
                    v.sort_by_key(|c| {
                        (
                            std::cmp::Reverse(c.year),
                            portfolio_core::records::school::class_sort_key(&c.name),
                        )
                    });
                    v.into_iter()
                        .map(|c| {
                            (
                                c.id.0.clone(),
                                format!("{} ({})", c.name, year_label(c.year)),
                            )
                        })
                        .collect::<Vec<_>>()
                })
            });
            view! {
                <SelectField id=id label=spec.label options=options value=value on_change=set error=error required=true empty="— выберите класс —" />
            }
            .into_any()
        }
    }
}

/// The whole form. `is_new` changes the button and what happens after saving.
#[component]
pub fn StudentFormView(
    initial: StudentForm,
    id: Id,
    status: Status,
    #[prop(optional)] is_new: bool,
) -> impl IntoView {
    let app = use_app();
    let form = RwSignal::new(initial);
    let state = FormState::long("f-");
    let submit = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !state.begin() {
                return;
            }
            let ctx = app.ctx();
            let parsed =
                form.with_untracked(|f| f.parse(id.clone(), status, ctx.today(), ctx.revision()));
            let student = match parsed {
                Ok(s) => s,
                Err(e) => {
                    let msg = state.invalid(e);
                    state.end(Err(msg));
                    return;
                }
            };
            spawn_local(async move {
                let sid = student.id.clone();
                let name = student.full_name();
                let result = app
                    .put_student(&sid, move |here, ctx| {
                        // The form edits «Личные данные»; the achievements,
                        // rewards, observations and former classes stay as stored.
                        let mut student = student;
                        match here {
                            Some(r) => {
                                student.carry_over(&r.student, ctx.today());
                                StudentRecord {
                                    student,
                                    ..r.clone()
                                }
                            }
                            None => StudentRecord::new(student),
                        }
                    })
                    .await;
                match result {
                    Ok(()) if is_new => {
                        state.end(Ok(None));
                        app.navigate_with(
                            &Route::Personal(sid),
                            format!("Ученик {name} добавлен."),
                        );
                    }
                    other => state.end(other.map(|_| Some("Личные данные сохранены.".into()))),
                }
            });
        }
    };
    let parent = app.parent.get_untracked();
    let sections = Section::ALL
        .iter()
        .map(|&section| {
            // On a family's device the school's part (class, enrolment) is
            // shown, not edited: it stays as stored in the form.
            if parent && section == Section::Study && !is_new {
                return view! {
                    <fieldset>
                        <legend>{section.title()}</legend>
                        <SchoolFields form=form />
                        <p class="hint">{crate::pages::student::achievements::SCHOOL_ENTERED}</p>
                    </fieldset>
                }
                .into_any();
            }
            let fields = STUDENT_FIELDS
                .iter()
                .filter(|f| f.section == section)
                .map(|f| field_view(f, form, state.errors))
                .collect_view();
            view! {
                <fieldset>
                    <legend>{section.title()}</legend>
                    {section.optional().then(|| view! { <p class="hint">"Заполняется по усмотрению родителей (законных представителей)."</p> })}
                    {fields}
                </fieldset>
            }
            .into_any()
        })
        .collect_view();
    view! {
        <form class="student-form" on:submit=submit novalidate>
            <p class="hint">"Поля, отмеченные *, обязательны."</p>
            {sections}
            <NoticeView notice=state.notice />
            <div class="actions sticky">
                <button type="submit" class="primary" disabled=state.busy>
                    {if is_new { "Добавить ученика" } else { "Сохранить" }}
                </button>
            </div>
        </form>
    }
}

/// The school's part of «Личные данные» as text: the class and the date of
/// enrolment (a family's device reads them, the school keeps them).
#[component]
fn SchoolFields(form: RwSignal<StudentForm>) -> impl IntoView {
    let app = use_app();
    let (class_id, enrolled) = form.with_untracked(|f| {
        (
            f.get("class_id").to_string(),
            f.get("enrolled_on").to_string(),
        )
    });
    let class = app.data.with_untracked(|p| {
        p.classes
            .iter()
            .find(|c| c.id.0 == class_id)
            .map(|c| format!("{} ({})", c.name, year_label(c.year)))
            .unwrap_or_default()
    });
    view! {
        <dl class="school-fields">
            <dt>"Класс"</dt>
            <dd>{class}</dd>
            <dt>"Дата зачисления"</dt>
            <dd>{enrolled}</dd>
        </dl>
    }
}
