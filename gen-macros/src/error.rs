//! Spanned errors: `bail!` returns one from the current function.

macro_rules! bail {
    ($tokens:expr, $($msg:tt)+) => {
        return Err(syn::Error::new_spanned(&$tokens, format!($($msg)+)))
    };
}

pub(crate) use bail;
