export { ApertiumIncompleteTranslationError, ApertiumPairNotInstalledError } from './apertium-errors';
export type { ApertiumTranslatorSettings } from './apertium-settings';
export { APERTIUM_DEFAULT_URL, createApertiumTranslator } from './apertium-translator';
export {
  APERTIUM_INSTALL_COMMAND,
  APERTIUM_MODES_DIRECTORY,
  installedApertiumPackages,
  installedModes,
  isApertiumInstalled,
  isApyAnswering,
  startLocalApy,
} from './local-apy';
export type { LocalApy } from './local-apy';
