// PLACEHOLDER preload
