//! The phone's share sheet (Web Share API, level 2) for a file the app
//! wrote: a parent's «Отправить учителю» goes straight to a messenger.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// Hands the file to the phone's share sheet (Web Share API, level 2).
/// `None`: this browser cannot share files, or refused now — download
/// instead; `Some(Err)`: the user closed the sheet.
pub async fn file(text: &str, name: &str) -> Option<Result<(), String>> {
    let nav: JsValue = web_sys::window()?.navigator().into();
    let method = |m: &str| {
        Reflect::get(&nav, &m.into())
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
    };
    let (can_share, share) = (method("canShare")?, method("share")?);
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type("application/json");
    let file =
        web_sys::File::new_with_str_sequence_and_options(&Array::of1(&text.into()), name, &bag)
            .ok()?;
    let data = js_sys::Object::new();
    let _ = Reflect::set(&data, &"files".into(), &Array::of1(&file));
    let _ = Reflect::set(&data, &"title".into(), &name.into());
    if can_share.call1(&nav, &data).ok()?.as_bool() != Some(true) {
        return None;
    }
    let promise = share
        .call1(&nav, &data)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(_) => Some(Ok(())),
        Err(e) => {
            let why = Reflect::get(&e, &"name".into()).ok()?.as_string();
            (why.as_deref() == Some("AbortError")).then(|| Err("Отправка отменена.".into()))
        }
    }
}
