/** The bundled Spanish phone export the demo translates. */
export declare const demoSample: string;
/** The keyword dictionary applied at the point of translation. */
export declare const demoGlossary: string;
/** Arguments after `toex`: translate the sample to English with the offline engine and the glossary. */
export declare function demoTranslateArguments(paths: {
  input: string;
  output: string;
  cache: string;
}): string[];
