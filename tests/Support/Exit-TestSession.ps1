# Dot-source in a test file's AfterAll: restores PSModulePath and clears the per-test configuration variables.
Remove-Item Env:BACKUPMAIL_CONFIG_DIR, Env:BACKUPMAIL_TEST_VAULT_DIR -ErrorAction SilentlyContinue
$env:PSModulePath = $script:originalModulePath
