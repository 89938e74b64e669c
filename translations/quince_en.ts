<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
    <name>PushCertOptions</name>
    <message>
        <source>ca export, push-cert: the file to write.</source>
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
        <source>push-cert request/import: read the master key passphrase from &lt;file&gt; (or set $QUINCE_PASSPHRASE_FILE).</source>
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
        <source>Serving %1</source>
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
</context>
<context>
    <name>quince::ui::CertificateListModel</name>
    <message numerus="yes">
        <source>in %n day(s)</source>
        <translation>
            <numerusform>in %n day</numerusform>
            <numerusform>in %n days</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n day ago</numerusform>
            <numerusform>%n days ago</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quince::ui::CertificatesPage</name>
    <message numerus="yes">
        <source>%n certificate(s); none expires soon.</source>
        <translation>
            <numerusform>%n certificate; none expires soon.</numerusform>
            <numerusform>%n certificates; none expires soon.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n certificate(s) need attention (colored below). Soonest: %1 “%2”, %3.</source>
        <translation>
            <numerusform>%n certificate needs attention (colored below). Soonest: %1 “%2”, %3.</numerusform>
            <numerusform>%n certificates need attention (colored below). Soonest: %1 “%2”, %3.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quince::ui::CommandDetailDialog</name>
    <message numerus="yes">
        <source>&lt;b&gt;%1&lt;/b&gt; · CommandUUID %2&lt;br&gt;Queued %3 by %4 for %n enrollment(s): %5</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · CommandUUID %2&lt;br&gt;Queued %3 by %4 for %n enrollment: %5</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; · CommandUUID %2&lt;br&gt;Queued %3 by %4 for %n enrollments: %5</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quince::ui::CommandsPage</name>
    <message numerus="yes">
        <source>%n command(s)</source>
        <translation>
            <numerusform>%n command</numerusform>
            <numerusform>%n commands</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Canceled %1 of %n command(s); the others were answered meanwhile.</source>
        <translation>
            <numerusform>Canceled %1 of %n command; the others were answered meanwhile.</numerusform>
            <numerusform>Canceled %1 of %n commands; the others were answered meanwhile.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Canceled %n command(s).</source>
        <translation>
            <numerusform>Canceled %n command.</numerusform>
            <numerusform>Canceled %n commands.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Queued %n command(s) again.</source>
        <translation>
            <numerusform>Queued %n command again.</numerusform>
            <numerusform>Queued %n commands again.</numerusform>
        </translation>
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
</context>
<context>
    <name>quince::ui::EnrollmentProfilePage</name>
    <message numerus="yes">
        <source>The profile installs Quince&apos;s root and issuing CA, gets the device its identity by SCEP and enrolls it with %1. It is signed with the listener&apos;s certificate, so the device shows it as verified. Each profile saved carries its own single-use challenge, valid for %n hour(s); the file is readable by you only.</source>
        <translation>
            <numerusform>The profile installs Quince&apos;s root and issuing CA, gets the device its identity by SCEP and enrolls it with %1. It is signed with the listener&apos;s certificate, so the device shows it as verified. Each profile saved carries its own single-use challenge, valid for %n hour; the file is readable by you only.</numerusform>
            <numerusform>The profile installs Quince&apos;s root and issuing CA, gets the device its identity by SCEP and enrolls it with %1. It is signed with the listener&apos;s certificate, so the device shows it as verified. Each profile saved carries its own single-use challenge, valid for %n hours; the file is readable by you only.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>quince::ui::MainWindow</name>
    <message>
        <source>Quince</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, serial number, model or UDID</source>
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
        <translation>
            <numerusform>%n device</numerusform>
            <numerusform>%n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n device(s) shown</source>
        <translation>
            <numerusform>%1 of %n device shown</numerusform>
            <numerusform>%1 of %n devices shown</numerusform>
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
        <translation>
            <numerusform>Use at least %n character.</numerusform>
            <numerusform>Use at least %n characters.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>quince::ui::PlistTreeWidget</name>
    <message numerus="yes">
        <source>%n byte(s)</source>
        <translation>
            <numerusform>%n byte</numerusform>
            <numerusform>%n bytes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n item(s)</source>
        <translation>
            <numerusform>%n item</numerusform>
            <numerusform>%n items</numerusform>
        </translation>
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
