<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
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
</context>
<context>
    <name>quinced</name>
    <message>
        <source>Quince headless server: runs the Quince core without a window.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
