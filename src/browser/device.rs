//! The device's side of documents: reading picked files, shrinking photos
//! with the browser's own image decoder, object URLs, and what the browser
//! says about storage space (`navigator.storage`). The decisions — what a
//! file is, how large a photo may be — are the core's (`document.rs`).

use js_sys::{Array, Function, Promise, Reflect, Uint8Array};
use portfolio_core::records::document::{
    check_input_size, check_size, fit, plan, sniff, FileType, Plan, Prepared, PHOTO_QUALITY,
    THUMB_QUALITY, THUMB_SIDE,
};
use portfolio_core::stored::StorageUse;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, ImageBitmap};

/// A Blob of `bytes` typed as `mime` (the type we recognised, never the
/// browser's guess).
pub fn blob(bytes: &[u8], mime: &str) -> Option<Blob> {
    let parts = Array::of1(&Uint8Array::from(bytes));
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&parts, &options).ok()
}

/// An object URL for `bytes`; revoke it with [`revoke`] once not shown.
pub fn object_url(bytes: &[u8], mime: &str) -> Option<String> {
    blob(bytes, mime).and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok())
}

const NOT_PREPARED: &str = "Браузер не смог подготовить файл.";

/// Offers `bytes` as a download named `name`.
pub fn download(bytes: &[u8], name: &str, mime: &str) -> Result<(), String> {
    offer(object_url(bytes, mime).ok_or(NOT_PREPARED)?, name)
}

/// Offers the bytes of `parts`, in order, as one download named `name`
/// (a large file is never joined into one piece in the app's memory).
pub fn download_parts<'a>(
    parts: impl Iterator<Item = &'a [u8]>,
    name: &str,
    mime: &str,
) -> Result<(), String> {
    let url = blob_of_parts(parts, mime)
        .and_then(|b| web_sys::Url::create_object_url_with_blob(&b).ok())
        .ok_or(NOT_PREPARED)?;
    offer(url, name)
}

/// The bytes of `parts`, in order, as one Blob (copied out of the app's
/// memory piece by piece, never joined there).
pub fn blob_of_parts<'a>(parts: impl Iterator<Item = &'a [u8]>, mime: &str) -> Option<Blob> {
    let array = Array::new();
    for p in parts {
        array.push(&Uint8Array::from(p));
    }
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    Blob::new_with_u8_array_sequence_and_options(&array, &options).ok()
}

/// Starts the download of the object URL `url` as `name`, and frees it later.
fn offer(url: String, name: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let failed = NOT_PREPARED;
    let doc = web_sys::window().and_then(|w| w.document()).ok_or(failed)?;
    let a = doc.create_element("a").map_err(|_| failed)?;
    let _ = a.set_attribute("href", &url);
    let _ = a.set_attribute("download", name);
    if let Ok(a) = a.dyn_into::<web_sys::HtmlElement>() {
        a.click();
    }
    // The download has started from the URL; free it a little later.
    let free = wasm_bindgen::closure::Closure::once_into_js(move || revoke(&url));
    if let Some(w) = web_sys::window() {
        let _ =
            w.set_timeout_with_callback_and_timeout_and_arguments_0(free.unchecked_ref(), 60_000);
    }
    Ok(())
}

pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

async fn bytes_of(blob: &Blob) -> Result<Vec<u8>, JsValue> {
    let buffer = JsFuture::from(blob.array_buffer()).await?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Reads a picked file (or its first `limit` bytes), refusing one too large.
async fn read(file: &web_sys::File, limit: Option<f64>) -> Result<Vec<u8>, String> {
    check_input_size(file.size() as u64)?;
    let part;
    let blob: &Blob = match limit {
        Some(n) if n < file.size() => {
            part = file
                .slice_with_f64_and_f64(0.0, n)
                .map_err(|_| "не удалось прочитать файл с устройства".to_string())?;
            &part
        }
        _ => file,
    };
    bytes_of(blob)
        .await
        .map_err(|_| "не удалось прочитать файл с устройства".to_string())
}

/// Decodes an image, turned upright by its EXIF orientation.
async fn decode(source: &Blob, t: FileType) -> Result<ImageBitmap, String> {
    let cannot = || {
        if matches!(t, FileType::Heic | FileType::Avif) {
            "этот браузер не умеет открывать фотографии HEIC. Откройте портфолио в Safari на iPhone или включите на iPhone «Настройки → Камера → Форматы → Наиболее совместимый» и сделайте снимок заново".to_string()
        } else {
            "изображение повреждено или браузер не может его открыть".to_string()
        }
    };
    let options = web_sys::ImageBitmapOptions::new();
    // Phones store the camera's orientation in EXIF; apply it.
    let _ = Reflect::set(&options, &"imageOrientation".into(), &"from-image".into());
    let window = web_sys::window().ok_or_else(cannot)?;
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(source, &options)
        .map_err(|_| cannot())?;
    JsFuture::from(promise)
        .await
        .map_err(|_| cannot())?
        .dyn_into::<ImageBitmap>()
        .map_err(|_| cannot())
}

/// Draws `bitmap` at `width`×`height` on white and encodes it as JPEG.
async fn encode(
    bitmap: &ImageBitmap,
    width: u32,
    height: u32,
    quality: f64,
) -> Result<Vec<u8>, String> {
    let fail = |_| "не хватило памяти, чтобы обработать изображение".to_string();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("нет документа")?;
    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(fail)?
        .unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(fail)?
        .ok_or("не удалось обработать изображение")?
        .unchecked_into();
    // A transparent PNG would turn black in a JPEG.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, width as f64, height as f64);
    let _ = Reflect::set(&ctx, &"imageSmoothingQuality".into(), &"high".into());
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(bitmap, 0.0, 0.0, width as f64, height as f64)
        .map_err(fail)?;
    let promise = Promise::new(&mut |resolve: Function, _reject| {
        let _ =
            canvas.to_blob_with_type_and_encoder_options(&resolve, "image/jpeg", &quality.into());
    });
    let blob = JsFuture::from(promise).await.map_err(fail)?;
    let blob = blob
        .dyn_into::<Blob>()
        .map_err(|_| "не хватило памяти, чтобы обработать изображение".to_string())?;
    bytes_of(&blob).await.map_err(fail)
}

/// Turns a picked file into what will be stored: recognised by content,
/// photos shrunk (unless `keep_original`), a thumbnail for images, and the
/// size checked. The error is a reason, to follow «Файл «…» не принят: ».
/// A photo that is re-encoded is decoded straight from the file: its
/// original bytes never enter wasm memory.
pub async fn prepare(file: &web_sys::File, keep_original: bool) -> Result<Prepared, String> {
    // Images are recognised by their first bytes; office documents by the
    // names in their ZIP directory, so those are read whole.
    let head = read(file, Some(64.0 * 1024.0)).await?;
    let t = sniff(&head)?;
    if !t.is_image() {
        let bytes = read(file, None).await?;
        let t = sniff(&bytes)?;
        check_size(bytes.len() as u64)?;
        return Ok(Prepared {
            bytes,
            file_type: t,
            width: 0,
            height: 0,
            thumb: None,
        });
    }
    // Typed as what we recognised, never the browser's guess.
    let typed = file
        .slice_with_f64_and_f64_and_content_type(0.0, file.size(), t.mime())
        .map_err(|_| "не удалось прочитать файл с устройства".to_string())?;
    let bitmap = decode(&typed, t).await?;
    let (w, h) = (bitmap.width(), bitmap.height());
    let result = async {
        let (bytes, file_type, width, height) =
            match plan(t, w, h, file.size() as u64, keep_original) {
                Plan::Keep => (read(file, None).await?, t, w, h),
                Plan::Reencode { width, height } => (
                    encode(&bitmap, width, height, PHOTO_QUALITY).await?,
                    FileType::Jpeg,
                    width,
                    height,
                ),
            };
        check_size(bytes.len() as u64)?;
        let (tw, th) = fit(w, h, THUMB_SIDE);
        let thumb = encode(&bitmap, tw, th, THUMB_QUALITY).await?;
        Ok(Prepared {
            bytes,
            file_type,
            width,
            height,
            thumb: Some(thumb),
        })
    }
    .await;
    bitmap.close();
    result
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    web_sys::window().map(|w| w.navigator().storage())
}

async fn call(name: &str) -> Option<JsValue> {
    let manager = storage_manager()?;
    let f = Reflect::get(&manager, &name.into())
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let promise = f.call0(&manager).ok()?.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

/// How much the site uses and may use, if the browser says.
pub async fn estimate() -> Option<StorageUse> {
    let e = call("estimate").await?;
    let number = |k: &str| Reflect::get(&e, &k.into()).ok().and_then(|v| v.as_f64());
    Some(StorageUse {
        usage: number("usage")? as u64,
        quota: number("quota")? as u64,
    })
}

/// Whether the browser keeps the data even under disk pressure.
pub async fn persisted() -> Option<bool> {
    call("persisted").await?.as_bool()
}

/// Asks the browser to keep the data; true when granted.
pub async fn persist() -> Option<bool> {
    call("persist").await?.as_bool()
}

/// The files chosen in an `<input type=file>`, then clears it so the same
/// file can be chosen again.
pub fn take_files(ev: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(input) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Vec::new();
    };
    let files = input
        .files()
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).collect())
        .unwrap_or_default();
    input.set_value("");
    files
}

/// Lets the page draw and answer input: resolves on the next task.
pub async fn breathe() {
    pause(0, false).await;
}

/// Waits `ms` milliseconds — with `or_online`, less if the device comes
/// back online meanwhile.
pub async fn pause(ms: i32, or_online: bool) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
            if or_online {
                let once = web_sys::AddEventListenerOptions::new();
                once.set_once(true);
                let _ = w.add_event_listener_with_callback_and_add_event_listener_options(
                    "online", &resolve, &once,
                );
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
