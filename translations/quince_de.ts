<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DataDirOption</name>
    <message>
        <source>Keep the database and keys in &lt;dir&gt; (default: %1, or $QUINCE_DATA_DIR).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dir</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeviceActions</name>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the device is not enrolled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QDialog</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reported</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>No data directory was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists but is not a directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the data directory %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data directory %1 is not writable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data directory %1 is in use by %2 (process %3 on %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the lock file in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the listener settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored listen address “%1” is not an IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored port “%1” is not a port number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate authority cannot be initialised: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SCEP identity cannot be issued: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS certificate cannot be issued: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS identity cannot be loaded into the listener.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SCEP service cannot start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AES-256-GCM: %1 failed (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AES-256-GCM needs a 32-byte key and a 12-byte nonce (got %1 and %2 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authentication tag is %1 bytes, not 16.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The authentication tag does not verify: the sealed value was altered, or belongs to another context or key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain cannot provide the master key: %1. On a machine without a keychain (a server, a container) use the passphrase key source (--passphrase-file FILE or QUINCE_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (QtKeychain error %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no QCoreApplication exists to run the keychain&apos;s event loop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS keychain, entry &quot;%1&quot; of service &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The master key of this data directory is derived from a passphrase (%1), not kept in the OS keychain. Start Quince with the passphrase key source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain entry &quot;%1&quot; does not hold a master key: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain entry &quot;%1&quot; holds master key %2, but this data directory was created with master key %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain has no entry &quot;%1&quot;, but this data directory&apos;s secrets are sealed under master key %2 kept there. Restore the keychain (or log in as the user who created the data directory); a new key would open none of them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The random generator failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain did not return the key just stored in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer within %1 ms (is the keychain locked?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer within %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A master key must be %1 bytes long, not %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing the key id failed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The random generator failed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The master key file %1 is damaged: %2. It was left untouched; restore it from a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the master key file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is larger than %1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON (%1 at offset %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the &quot;format&quot; field is not &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no valid &quot;version&quot; field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The master key file %1 has version %2; this version of Quince reads version %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown &quot;provider&quot; &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;keyId&quot; is not 16 lower-case hex digits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key derivation is not scrypt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the scrypt parameters n, r, p are missing or not integers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the salt is missing or not %1 bytes of base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the check value is missing or not base64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the master key file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data directory for the master key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passphrase (scrypt), key file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The master key of this data directory is kept in the OS keychain, not derived from a passphrase (%1). Start Quince with the keychain key source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase does not match the master key of this data directory (key file %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The check value in the master key file %1 is damaged (%2). It was left untouched; restore it from a backup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected content</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No master key passphrase is available: give the file that holds it with --passphrase-file FILE or the QUINCE_PASSPHRASE_FILE environment variable (the file must not be readable by other users), or start Quince on a terminal to type it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New master key passphrase: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Master key passphrase: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat the master key passphrase: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two passphrases do not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the passphrase file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot inspect the passphrase file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase file %1 is a directory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase file %1 is readable or writable by every user (mode %2); refusing to use it. Restrict it with: chmod 600 %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the passphrase file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase file %1 is larger than %2 bytes; it does not look like a passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase file %1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Standard input is not a terminal, so no passphrase can be typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot turn terminal echo off (%1); not reading a passphrase that would be shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The passphrase prompt ended without a line (end of input or a line over %1 bytes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An empty passphrase is not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt N must be a power of two greater than 1 (got %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt N = %1 is below the minimum of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt N = %1 is above the maximum of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt r must be between 1 and %1 (got %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt p must be between 1 and %1 (got %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt with N = %1, r = %2, p = %3 needs %4 MiB, more than the limit of %5 MiB.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt output length %1 is out of range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scrypt failed (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A secret must be sealed for a context (its purpose and owner), not for an empty one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value is too large to seal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A sealed value is opened for a context.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a sealed value (no QSS header).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sealed value has format version &apos;%1&apos;; this version of Quince reads version 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sealed value is truncated: %1 bytes, at least %2 expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sealed value is %1 bytes but its header announces %2: it was truncated or extended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value was sealed under master key %1; this server holds master key %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value was sealed for another purpose or owner than &apos;%1&apos; (copied from another row?).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate authority cannot be renewed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The SCEP identity cannot be renewed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS certificate cannot be renewed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enroll this device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the enrollment code your administrator gave you. The device then downloads a profile: install it in Settings to place the device under management.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollment code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enroll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If this device does not trust the server yet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>install the trust profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quince device management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolls this device in the Quince MDM server at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quince server trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trusts the certificate authority of the Quince MDM server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile cannot be encoded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile cannot be signed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enrollment link is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not an enrollment code: it has ten letters and digits, like 7KQ2M-X9D4R.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enrollment code is not valid. Check it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enrollment link has already been used. Ask your administrator for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enrollment code has already been used. Ask your administrator for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enrollment link has expired. Ask your administrator for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This enrollment code has expired. Ask your administrator for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong codes from this network. Try again in %n minute(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the profile identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot store the profile identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile identifier setting is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate authority is not created yet: start quince or quinced once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the push certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No push certificate: devices cannot be enrolled before one is imported (run `quincectl push-cert import`).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No public URL for the server is known.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No identity to sign the profile with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the enrollment challenge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No server identity to sign the profile with yet: start quince or quinced once (or ask for an unsigned profile).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot unseal the signing key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored signing key is not a private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot link the certificate to its challenge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listener has no fixed port (setting %1 is “%2”); set one, or set %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public URL (setting %1) “%2” is not an https:// URL with a host and without user, query or fragment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This server cannot enroll devices yet. Tell your administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server failed to make your profile. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The form was not sent as a form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the enrollment code.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server was not prepared, or preparing it failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile signer cannot be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The setting %1 = “%2” is not a number from %3 to %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the push settings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The setting %1 wants production or sandbox, not “%2”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--apns-url wants an https:// URL, not “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the APNs CA file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The APNs CA file %1 holds no PEM certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push (APNs) cannot start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Quince cannot start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quince: Apple device management for a small office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data directory cannot be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No passphrase was entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The master key cannot be unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not serving devices: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing Quince&apos;s certificates…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving %1 (plain HTTP, no TLS)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving %1 over TLS</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::app::ServerCommandLine</name>
    <message>
        <source>Listen on &lt;address:port&gt; (e.g. 0.0.0.0:8443, [::]:443); remembered for the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A DNS name or IP address devices use to reach this server (repeat for several); it goes into the TLS certificate and the enrollment profile. Remembered for the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve plain HTTP for a TLS-terminating reverse proxy in front (devices must then sign their messages).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the master key passphrase from &lt;file&gt; (or set QUINCE_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the master key comes from: auto (default), keychain or passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--listen wants ADDRESS:PORT with an IP address, e.g. 0.0.0.0:8443 or [::]:443; got “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--host wants one DNS name or IP address; got “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--key-source wants auto, keychain or passphrase; got “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send pushes to &lt;url&gt; instead of Apple&apos;s APNs (a test server, an inspecting proxy); &quot;&quot; goes back to Apple&apos;s. Remembered for the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the CA certificates in &lt;file&gt; (PEM) for the APNs endpoint instead of the system&apos;s; &quot;&quot; goes back to the system&apos;s. Remembered for the next start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::cli</name>
    <message>
        <source>quincectl: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl: cannot read the certificates: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl: --warn-days wants whole numbers of days separated by commas, e.g. 30,14,3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KIND</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT AFTER (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DAYS LEFT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SERIAL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUBJECT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no certificates yet: start quince or quinced once to create the certificate authority)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl ca export: --out FILE is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl ca export: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl ca export: the certificate authority is not created yet (start quince or quinced once)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl ca export: cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no Quince database in %1 (start quince or quinced once to create one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open the database: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no master key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, reported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices list: cannot read the devices: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (inactive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PRODUCT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAST SEEN (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no inactive devices)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no devices yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices show: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices show: cannot read the device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices show: no device with UDID %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Battery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity (GB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>401 requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facts reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (reported %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (not reported)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisioning profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices unenroll: give exactly one of --remove-profile and --refuse-next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices unenroll: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refused by quincectl devices unenroll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device %1 will get 401 on its next request and be unenrolled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RemoveProfile queued for device %1 as command %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl devices: expected &apos;list&apos;, &apos;show UDID&apos; or &apos;unenroll UDID&apos;; try &apos;quincectl --help&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--expires-hours wants a whole number of hours from 1 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--out FILE is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote the enrollment profile for %1 to %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>signed by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its single-use SCEP challenge expires at %1 UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter it on %1 from the device (single use, expires %2 UTC). It is not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open it once on the device (single use, expires %1 UTC). It is not shown again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(set by %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(from listener.hosts and listener.port; set one with: enrollment public-url set URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl: usage: enrollment profile|code create|link|public-url [set URL|clear]; try &apos;quincectl --help&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Topic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires: %1 UTC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote the push certificate request to %1; its key is kept sealed in the database.
Next: have your MDM vendor sign it (quincectl push-cert sign-request), upload the result at https://identity.apple.com/pushcert, then run quincectl push-cert import.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--%1 is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vendor certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vendor key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote the signed push certificate request to %1; upload it at https://identity.apple.com/pushcert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note: no --chain given; Apple expects its intermediate and root after the vendor certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No push certificate yet (quincectl push-cert request starts one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl: usage: push-cert request|import FILE|sign-request|show; try &apos;quincectl --help&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl commands: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown RequestType &apos;%1&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (sensitive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channels: %1; platforms: %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; supervised iOS only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, filled by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>one of: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>send wants exactly one REQUESTTYPE (see &apos;quincectl commands types&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown RequestType &apos;%1&apos; (see &apos;quincectl commands types&apos;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClearPasscode needs the approval workflow (issue 7): the server fills in the device&apos;s UnlockToken from its sealed store once an operator approves; it cannot be sent from the command line yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>send needs at least one --device UDID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--user wants the user&apos;s UserID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not allowed on the user channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown device %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 has no active user channel for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>device %1 has no active enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown --state &apos;%1&apos; (pending_approval, queued, sent, not_now, acknowledged, error, format_error, canceled, expired)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>COMMAND UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REQUEST TYPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEVICE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CHANNEL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ATTEMPTS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QUEUED (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no commands)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>show wants one CommandUUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no command %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created %1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  %1 (%2): %3, %4 attempt(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response from %1: %2 at %3:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancel wants one CommandUUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>command %1 has nothing left to cancel (every entry is final)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canceled %1: %2 queue entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown or incomplete command &apos;%1&apos;; try &apos;quincectl --help&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: running (%1, process %2 on %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server: not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema version: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl: cannot count devices: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices: %1 (%2 enrolled)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
  push UDID... [--json]
            ask the running server to push these devices now
  push history UDID [--json]
            a device&apos;s push attempts and APNs&apos; replies, last seen and answered times
  push inactive [--json]
            devices that stopped answering pushes (no_answer, token_dead, checked_out)
  push status [--json]
            the APNs endpoint, liveness settings, certificate alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>quincectl push: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name at least one device: quincectl push UDID...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: push requested; the running server sends it within seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>usage: quincectl push history UDID [--json]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no enrolled device %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last push requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last push accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>last push answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unanswered since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push token dead since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>INACTIVE since %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push history (newest first):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  (none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No inactive device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>APNs endpoint:      %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>trusted CAs:        %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the system&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>liveness push:      devices quiet for %1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive after:     %1 days without an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive devices:   %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dead push tokens:   %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ALERT: APNs refused the push certificate: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::cli::DevicesOptions</name>
    <message>
        <source>devices list: only the inactive devices.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>devices unenroll: queue RemoveProfile for the enrollment profile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>devices unenroll: answer 401 to the device&apos;s next request (it removes its MDM profile).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>devices unenroll --refuse-next: why, for the log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
  devices list [--inactive] [--json]
            list the devices with their state and when they were last seen
  devices show UDID [--json]
            everything a device reported: facts, security, profiles, certificates, apps
  devices unenroll UDID (--remove-profile | --refuse-next [--reason TEXT]) [--json]
            end management: queue RemoveProfile, or answer 401 to its next request</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::cli::EnrollmentOptions</name>
    <message>
        <source>enrollment profile: write the profile without a signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enrollment profile: devices sign every message (Mdm-Signature), for a server behind a TLS proxy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enrollment: how long the code, link or profile challenge stays valid (default 24).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
  enrollment profile --out FILE [--unsigned] [--sign-message] [--expires-hours N] [--json]
            write an enrollment profile with its own single-use SCEP challenge
  enrollment code create [--expires-hours N] [--json]
            make a single-use code to type on the device&apos;s enrollment page
  enrollment link [--expires-hours N] [--json]
            make a single-use enrollment link for one device
  enrollment public-url [set URL | clear] [--json]
            show or set the https URL devices use (when a proxy fronts Quince)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::cli::PushCertOptions</name>
    <message>
        <source>ca export, push-cert, enrollment profile: the file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push-cert request: the O= of the request&apos;s subject.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push-cert import: the PKCS#12 password; sign-request: the vendor key&apos;s passphrase (read from &lt;file&gt;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push-cert sign-request: the MDM vendor certificate (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push-cert sign-request: the MDM vendor private key (PEM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push-cert sign-request: the customer&apos;s request (PEM or DER).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push-cert sign-request: Apple&apos;s intermediate and root certificates (PEM, in that order), as downloaded from https://www.apple.com/certificateauthority/ (may be repeated).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands that unseal keys (push-cert, enrollment profile): read the master key passphrase from &lt;file&gt; (or set $QUINCE_PASSPHRASE_FILE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print JSON instead of text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
  push-cert request --out FILE [--organization ORG]
            make the push key (kept sealed) and write its CSR (PEM) to FILE
  push-cert sign-request --vendor-cert PEM --vendor-key PEM --csr CSR --out FILE
            [--chain APPLE_CHAIN.pem]
            MDM vendors: write the base64 plist request to upload to Apple
  push-cert import FILE [--password-file FILE] [--json]
            import Apple&apos;s push certificate (PEM, DER or PKCS#12)
  push-cert show [--json]
            show the active push certificate&apos;s topic and expiry</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::cli::QueueCommandOptions</name>
    <message>
        <source>commands send: a target device (may be repeated); commands list: only this device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>udid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commands send: a parameter KEY=VALUE (may be repeated; see &apos;commands types&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key=value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commands send: the user channel of this UserID instead of the device&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>commands list: only entries in this state (queued, sent, not_now, acknowledged, error, ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print JSON instead of text.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
  commands send REQUESTTYPE --device UDID... [--param KEY=VALUE...] [--user ID] [--json]
            queue a command for devices (their active enrollment); prints its CommandUUID
  commands list [--device UDID] [--state STATE] [--json]
  commands show UUID [--json]
            a command&apos;s state per device, its request and the devices&apos; responses
  commands cancel UUID
  commands types [REQUESTTYPE] [--json]
            the commands Quince knows and their parameters</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::BulkAction</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::CertificateListModel</name>
    <message>
        <source>today</source>
        <comment>expires</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <comment>certificate status</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Depends on it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <comment>whether Quince holds the private key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>held (sealed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject: %1
Issuer: %2
Serial: %3
SHA-256: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Topic: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Device: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::CertificatesPage</name>
    <message>
        <source>Create &amp;Request…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new push key and its certificate signing request (CSR) for Apple</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import Apple&apos;s Certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the certificate Apple issued (.pem, .cer or .p12); a renewal must keep the same topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;device identities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificates cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s); none expires soon.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) need attention (colored below). Soonest: %1 “%2”, %3.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>expired %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expires %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;br&gt;A request made %1 waits for Apple&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The push certificate cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No push certificate.&lt;/b&gt; Devices cannot be enrolled or woken without one. &lt;i&gt;Create Request&lt;/i&gt;, have it signed by your MDM vendor, upload it at identity.apple.com/pushcert, then &lt;i&gt;Import Apple&apos;s Certificate&lt;/i&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Push certificate&lt;/b&gt; for topic %1&lt;br&gt;Expires %2 (%3). Renew it at identity.apple.com/pushcert with &lt;i&gt;Renew&lt;/i&gt; on the same certificate and import the result: the topic must stay the same, or every device is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push Certificate Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization name (shown in Apple&apos;s portal, optional):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Push Certificate Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate requests (*.csr *.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the request to %1; its key stays sealed in Quince. Next: have your MDM vendor sign it, upload it at identity.apple.com/pushcert, then import Apple&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Apple&apos;s Push Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.cer *.crt *.der *.p12 *.pfx);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is protected by a password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is too large to be a certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported the push certificate for topic %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This certificate is for topic %1, but the devices are enrolled with %2. Renew the existing certificate at Apple (same topic) instead of creating a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not imported: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::CommandDetailDialog</name>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · CommandUUID %2&lt;br&gt;Queued %3 by %4 for %n enrollment(s): %5</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <comment>response tab: status and time</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::CommandQueueModel</name>
    <message>
        <source>%1 s</source>
        <comment>seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <comment>minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <comment>hours</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <comment>days</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent</source>
        <comment>command handed to the device</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not now</source>
        <comment>device deferred the command</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <comment>command state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired</source>
        <comment>command state</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <comment>command state column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <comment>time since the command was queued</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NotNow</source>
        <comment>how often the device deferred</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <comment>last status the device sent</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (user %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <comment>no time to live</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting (attempt %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDID: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CommandUUID: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::CommandsPage</name>
    <message>
        <source>The stored command is not a command plist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected commands that have no answer yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue the selected finished commands again for the same devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Plists…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the raw request and the device&apos;s responses</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n command(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Could not cancel: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Canceled %1 of %n command(s); the others were answered meanwhile.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Canceled %n command(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Command %1 no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device of %1 is no longer enrolled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not retry: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Queued %n command(s) again.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read command %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::DeviceDetailDialog</name>
    <message>
        <source>Device %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;visioning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command &amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Battery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IMEI / Wi-Fi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Facts reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every fact the device reported:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The device has not answered SecurityInfo yet. Refresh its inventory to ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passcode set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passcode compliant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compliant with profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-lock (seconds)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hardware encryption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FileVault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Institutional recovery key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System Integrity Protection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firewall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recovery lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled via Automated Device Enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-approved enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User Enrollment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device has the UDID %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GB free of %2 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending: the device has not finished enrolling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unenrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removal requested %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User channel (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push token rejected by Apple since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>push token since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no push token yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fact</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Managed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Common name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size (bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profiles (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;visioning (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Certificates (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Applications (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NotNow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CommandUUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command &amp;History (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer yet: the device has not reported a final status.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::DeviceInventoryModel</name>
    <message>
        <source>Name</source>
        <comment>device name column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <comment>device hardware model column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollment</source>
        <comment>enrollment state column</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last Seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDID: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <comment>enrollment not finished</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unenrolled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Battery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands waiting for the device or for an approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <comment>pending commands column</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::EnrollmentHostPage</name>
    <message>
        <source>Where devices find Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices reach Quince by this name or address, over HTTPS. It must resolve and be reachable from the devices&apos; network, and the listener&apos;s certificate must name it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Import the push certificate first.&lt;/b&gt; Without Apple&apos;s push certificate a device cannot be enrolled: open &lt;i&gt;Certificates&lt;/i&gt;, create a request, have it signed and uploaded to Apple, then &lt;i&gt;Import Apple&apos;s Certificate&lt;/i&gt;. You can still test the connection here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mdm.example.lan or 192.168.1.10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host name or address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefilled from the listener settings. A name other than the listener&apos;s is saved as the public URL (setting enrollment.public_base_url), e.g. for a reverse proxy.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::EnrollmentLinkPage</name>
    <message>
        <source>Enrollment link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this address on the device (Safari), or scan the code with its camera. It works once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One-time &amp;link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enrollment &amp;code to type on the page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <comment>hours</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create &amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;py</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the device: scan this code with the Camera app, or open the address in Safari. Then follow the prompts to download the profile, and install it in Settings → Profile Downloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single use; expires %1. It is not shown again once you close the wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(too long for a QR code)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::EnrollmentProfilePage</name>
    <message>
        <source>Enrollment profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instead of the link, hand out the signed profile itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No profile can be made yet: import Apple&apos;s push certificate first (Certificates page). A profile names the push topic devices register for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The profile installs Quince&apos;s root and issuing CA, gets the device its identity by SCEP and enrolls it with %1. It is signed with the listener&apos;s certificate, so the device shows it as verified. Each profile saved carries its own single-use challenge, valid for %n hour(s); the file is readable by you only.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Save Enrollment Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration profiles (*.mobileconfig)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The profile could not be made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::EnrollmentSelfTestPage</name>
    <message>
        <source>Reachability self-test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console calls its own listener by that name, over HTTPS, trusting only Quince&apos;s root certificate: what a device will do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test Again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Health check: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for an answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quince has no root certificate yet: start the listener once so that it creates one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The listener answered at %1:%2 with a certificate devices will trust.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name %1 does not resolve on this computer. Devices need it to resolve too: add it to your DNS, or use the computer&apos;s IP address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing listens on %1 port %2. Is the listener running on that port (see the status bar)? Is a firewall in the way?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer from %1 port %2 within %3 seconds: a firewall may drop the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS handshake failed: %1. Is this port served by Quince, and over HTTPS (not behind a proxy with its own certificate)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2 answered HTTP %3 instead of Quince&apos;s health check: another server is on this address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not reachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You may go on, but devices will not enroll until this test passes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::EnrollmentWizard</name>
    <message>
        <source>Enroll a Device</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::MainWindow</name>
    <message>
        <source>Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Quince %1&lt;/h3&gt;&lt;p&gt;Apple device management for a small office: enroll, see and manage your iPhones, iPads and Macs from one workstation.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data directory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n device(s) shown</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No devices yet.
Devices appear here as soon as they enroll.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device matches “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the inventory: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (Ctrl+%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, serial number, model, OS version or UDID (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only devices that have not been seen for the inactivity period</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;upervised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only supervised devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending co&amp;mmands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only devices with commands waiting for them or for an approval</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Devices as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;Inventory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the selected devices for their information, security state, profiles, certificates and apps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove &amp;Management…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audit Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command queues arrive with the Commands page.
Until then: quincectl command list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Approvals arrive with the two-person rule.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profiles arrive with profile management.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificates page arrives with certificate health.
Until then: quincectl push-cert show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audit log arrives with operator accounts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings arrive with the settings page.
Until then: quincectl and the command line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n device(s), %1 inactive (Ctrl+1)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting for devices (Ctrl+2)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n command(s) waiting for approval (Ctrl+3)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) expiring within %1 days (Ctrl+5)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Inactive (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) connected in the last minute</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read the counts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No device matches the quick filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Refresh &amp;Inventory (%n devices)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canceled after %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) failed.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Queuing inventory requests…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inventory requests queued for %1 device(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queuing RemoveProfile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RemoveProfile queued for %1 device(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Management removed from the console by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Marking devices for removal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 device(s) will be refused at their next request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Stop managing %n device(s)?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Remove the enrollment profile: the device deletes it, with every profile and app Quince installed, when it next connects.

Refuse the next request: for a device that no longer answers commands; it is told it is not managed (HTTP 401) and removes its profile.

This cannot be undone: the device must enroll again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove &amp;Profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refuse Next Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n device(s) exported to %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The devices cannot be exported: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Non-compliant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only devices whose passcode does not comply (from their last SecurityInfo)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::NavigationCounts</name>
    <message>
        <source>Push certificate: none imported, devices cannot be woken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push certificate expired on %1: renew it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push certificate valid until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Push certificate expires on %1, in %2 days: renew it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::PassphraseDialog</name>
    <message>
        <source>Protect Quince&apos;s Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quince keeps its certificate authority keys and the devices&apos; secrets encrypted under a master key. No system keychain is available to hold that key, so choose a passphrase to protect it.

You will need this passphrase every time Quince starts. It cannot be recovered: without it the keys in %1 cannot be opened.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the passphrase that protects the keys in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Repeat:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n character(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::PlistTreeModel</name>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Root</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a readable property list: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n key(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quince::ui::PlistTreeWidget</name>
    <message>
        <source>Boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Real</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>String</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dictionary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Key</source>
        <comment>plist key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <comment>plist value type</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <comment>plist value</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not a property list)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quinced</name>
    <message>
        <source>Quince headless server: runs the Quince core without a window.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
