// PLACEHOLDER: the benchmark
console.log('bench');
