// PLACEHOLDER renderer
