// A detection worker whose model cannot be loaded, for tests.
throw new Error('model missing');
