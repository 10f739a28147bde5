//! The widget's module ships in two parts (the release build's last step,
//! `xtask/src/split.rs`): a first module with the code the profile pages ran and, for
//! every other function, a placeholder that makes sure the second module is there, then
//! calls the real function through the function table the two share. This is the
//! placeholders' way out to JavaScript: `embed.js` defines
//! `__keyspacePlayground.loadSecondModule`, which returns once the second module is
//! instantiated (at once if its background fetch already finished, else after a
//! synchronous download). The build finds the import by its name.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = __keyspacePlayground, js_name = loadSecondModule)]
    fn load_second_module();
}

/// Never called by the widget: an export that calls the import keeps it in the built
/// module, where the build's placeholders call it directly.
#[wasm_bindgen(js_name = __splitAnchor)]
pub fn split_anchor() {
    load_second_module();
}
