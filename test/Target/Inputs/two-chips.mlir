tile.program @a device(0) target("sm_90a") workers(1) {
}
tile.program @b device(1) target("sm_80") workers(1) {
}
