//! The school's signature on the files its devices write (the rules are
//! `portfolio_core::exchange::sign`): the key this device keeps in «meta»,
//! a school or class file signed as it is written, and one judged as it is
//! opened. The MAC is computed by the browser's WebCrypto where it offers
//! it (fast on a large backup), by the core's own HMAC otherwise (a page
//! not served over HTTPS), a slice at a time so the page keeps answering.

use crate::browser::{crypto, device};
use crate::state::{ActionError, AppState};
use portfolio_core::exchange::sign::{self, SchoolKey, Signature, KEY_META};
use portfolio_core::exchange::Part;
use portfolio_core::util::sha256::Hmac;
use wasm_bindgen_futures::JsFuture;

/// The key this device keeps, if any.
pub async fn key_here(app: AppState) -> Result<Option<SchoolKey>, ActionError> {
    let text = app.meta_text(KEY_META).await?;
    Ok(text.as_deref().and_then(SchoolKey::from_hex))
}

/// This school device's key — made and kept now if it has none yet (a
/// school set up by a release before keys, that never took one from a
/// school file).
pub async fn own_key(app: AppState) -> Result<SchoolKey, ActionError> {
    if let Some(k) = key_here(app).await? {
        return Ok(k);
    }
    let k = SchoolKey(crypto::random::<32>().map_err(ActionError::Refused)?);
    app.commit(&[k.write()]).await?;
    Ok(k)
}

/// The MAC of `pieces` under `key`, by the core's HMAC, a slice at a time.
async fn slow_mac<'a>(key: &SchoolKey, pieces: impl Iterator<Item = &'a [u8]>) -> [u8; 32] {
    const SLICE: usize = 1 << 20;
    let mut m = Hmac::new(&key.0);
    for piece in pieces {
        for chunk in piece.chunks(SLICE) {
            m.update(chunk);
            if chunk.len() == SLICE {
                device::breathe().await;
            }
        }
    }
    m.finish()
}

/// Signs a file whose envelope was marked (`sign::mark`): the text's
/// closing brace goes after the MAC.
pub async fn sign_parts(parts: &mut Vec<Part>, key: &SchoolKey) {
    sign::open_parts(parts);
    let joined = device::blob_of_parts(parts.iter().map(|p| p.as_bytes()), "application/json");
    let fast = match joined {
        Some(blob) => match JsFuture::from(blob.array_buffer()).await {
            Ok(buffer) => crypto::hmac(&key.0, &buffer.into()).await,
            Err(_) => None,
        },
        None => None,
    };
    let mac = match fast {
        Some(mac) => mac,
        None => slow_mac(key, parts.iter().map(|p| p.as_bytes())).await,
    };
    parts.push(Part::Written(sign::signature_tail(&mac)));
}

/// The MAC of `text` under `key`.
async fn mac_of(key: &SchoolKey, text: &str) -> [u8; 32] {
    let bytes = js_sys::Uint8Array::from(text.as_bytes());
    match crypto::hmac(&key.0, &bytes).await {
        Some(mac) => mac,
        None => slow_mac(key, std::iter::once(text.as_bytes())).await,
    }
}

/// How this device judges the signature of a school or class file's
/// `text` (`carried`: the key the file carries). `None` when the device
/// keeps no key: a new device (or one that never wrote a school file),
/// which takes the file's key if it is merged.
pub async fn judge(
    app: AppState,
    text: &str,
    carried: Option<&SchoolKey>,
) -> Result<Option<Signature>, ActionError> {
    let Some(here) = key_here(app).await? else {
        return Ok(None);
    };
    let Some((signed, found)) = sign::signed_part(text) else {
        return Ok(Some(Signature::Missing));
    };
    let mac_here = mac_of(&here, signed).await;
    let mac_carried = match carried.filter(|c| **c != here) {
        Some(c) => Some(mac_of(c, signed).await),
        None => None,
    };
    Ok(Some(sign::judge(Some(found), mac_here, mac_carried)))
}
