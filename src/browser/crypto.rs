//! Passphrase encryption of export files with the browser's WebCrypto:
//! PBKDF2-HMAC-SHA256 (600,000 iterations) derives an AES-256-GCM key; every
//! file gets a fresh random salt and 96-bit nonce. The envelope is written
//! and checked by `portfolio_core::exchange::sealed`.

use js_sys::{Array, Object, Reflect, Uint8Array};
use portfolio_core::exchange::sealed::{Sealed, ITERATIONS, NONCE_BYTES, SALT_BYTES};
use portfolio_core::exchange::SealedError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

fn subtle() -> Result<SubtleCrypto, SealedError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(SealedError::NoCrypto)?;
    let s = Reflect::get(&crypto, &"subtle".into()).map_err(|_| SealedError::NoCrypto)?;
    if s.is_undefined() || s.is_null() {
        return Err(SealedError::NoCrypto);
    }
    Ok(s.unchecked_into())
}

fn object(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o
}

/// `N` random bytes from the browser's generator (present in every context).
pub fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut b = [0u8; N];
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .and_then(|c| c.get_random_values_with_u8_array(&mut b).ok())
        .ok_or_else(|| SealedError::NoCrypto.to_string())?;
    Ok(b)
}

async fn derive(
    s: &SubtleCrypto,
    pass: &str,
    salt: &[u8],
    iterations: u32,
) -> Result<CryptoKey, JsValue> {
    let raw = Uint8Array::from(pass.as_bytes());
    let base = JsFuture::from(s.import_key_with_str(
        "raw",
        &raw,
        "PBKDF2",
        false,
        &Array::of1(&"deriveKey".into()),
    )?)
    .await?;
    let params = object(&[
        ("name", "PBKDF2".into()),
        ("hash", "SHA-256".into()),
        ("salt", Uint8Array::from(salt).into()),
        ("iterations", iterations.into()),
    ]);
    let aes = object(&[("name", "AES-GCM".into()), ("length", 256.into())]);
    let key = JsFuture::from(s.derive_key_with_object_and_object(
        &params,
        base.unchecked_ref(),
        &aes,
        false,
        &Array::of2(&"encrypt".into(), &"decrypt".into()),
    )?)
    .await?;
    Ok(key.unchecked_into())
}

fn gcm(nonce: &[u8]) -> Object {
    object(&[
        ("name", "AES-GCM".into()),
        ("iv", Uint8Array::from(nonce).into()),
    ])
}

/// Encrypts `plain` (an export's JSON) under `pass`.
pub async fn encrypt(plain: &[u8], pass: &str) -> Result<Sealed, String> {
    let s = subtle().map_err(|e| e.to_string())?;
    let salt = random::<SALT_BYTES>()?;
    let nonce = random::<NONCE_BYTES>()?;
    let failed = |_| "Браузер не смог зашифровать файл.".to_string();
    let key = derive(&s, pass, &salt, ITERATIONS).await.map_err(failed)?;
    let promise = s
        .encrypt_with_object_and_u8_array(&gcm(&nonce), &key, plain)
        .map_err(failed)?;
    let out = JsFuture::from(promise).await.map_err(failed)?;
    Ok(Sealed {
        iterations: ITERATIONS,
        salt: salt.to_vec(),
        nonce: nonce.to_vec(),
        data: Uint8Array::new(&out).to_vec(),
    })
}

/// Decrypts a checked file; a wrong passphrase or any changed bit fails
/// GCM's check and gives [`SealedError::WrongPassphrase`].
pub async fn decrypt(sealed: &Sealed, pass: &str) -> Result<Vec<u8>, SealedError> {
    let s = subtle()?;
    let wrong = |_| SealedError::WrongPassphrase;
    let key = derive(&s, pass, &sealed.salt, sealed.iterations)
        .await
        .map_err(wrong)?;
    let promise = s
        .decrypt_with_object_and_u8_array(&gcm(&sealed.nonce), &key, &sealed.data)
        .map_err(wrong)?;
    let out = JsFuture::from(promise).await.map_err(wrong)?;
    Ok(Uint8Array::new(&out).to_vec())
}

/// HMAC-SHA-256 of `data` (an `ArrayBuffer` or typed array) under `key`
/// by the browser's WebCrypto; `None` where the browser offers none (a page
/// not served over HTTPS) or it fails: the caller then computes it itself.
pub async fn hmac(key: &[u8; 32], data: &js_sys::Object) -> Option<[u8; 32]> {
    let s = subtle().ok()?;
    let algorithm = object(&[("name", "HMAC".into()), ("hash", "SHA-256".into())]);
    let raw = Uint8Array::from(&key[..]);
    let imported = s
        .import_key_with_object("raw", &raw, &algorithm, false, &Array::of1(&"sign".into()))
        .ok()?;
    let key: CryptoKey = JsFuture::from(imported).await.ok()?.unchecked_into();
    let signed = s.sign_with_str_and_buffer_source("HMAC", &key, data).ok()?;
    let mac = Uint8Array::new(&JsFuture::from(signed).await.ok()?).to_vec();
    mac.try_into().ok()
}
