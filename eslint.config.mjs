// ESLint for the page's assets (kg/assets): `npm ci && npx eslint kg/assets` (see README, "Tests").
import css from "@eslint/css";
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["kg/assets/vendor/**"] },
  {
    files: ["kg/assets/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 2020,
      sourceType: "script",
      globals: { ...globals.browser, vis: "readonly", Yasgui: "readonly" },
    },
    rules: {
      ...js.configs.recommended.rules,
      curly: "error",
      eqeqeq: "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-var": "error",
      "prefer-const": "error",
      "no-restricted-properties": [
        "error",
        { property: "innerHTML", message: "Build the DOM with textContent: document text is untrusted." },
        { property: "outerHTML", message: "Build the DOM with textContent: document text is untrusted." },
        { property: "insertAdjacentHTML", message: "Build the DOM with textContent: document text is untrusted." },
        { object: "document", property: "write", message: "Build the DOM with textContent." },
      ],
    },
  },
  {
    files: ["kg/assets/**/*.css"],
    language: "css/css",
    plugins: { css },
    rules: { ...css.configs.recommended.rules },
  },
];
