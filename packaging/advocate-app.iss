; Inno Setup script for the Windows installer.
; BUILT ELSEWHERE: run on a Windows machine after `pyinstaller packaging\advocate-app.spec`
; has produced dist\advocate-app\ and `python packaging\ship_caches.py dist\advocate-app` has shipped
; the analysis caches in it. Not built or tested on this project's Linux CI.
; Compile with: iscc packaging\advocate-app.iss /DAppVersion=0.1.0

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6E0B8F4C-2F3B-4C55-9A47-3C8D2A6B1F10}
AppName=Advocate
AppVersion={#AppVersion}
AppPublisher=advocate_app contributors
DefaultDirName={autopf}\Advocate
DefaultGroupName=Advocate
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=advocate-app-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
PrivilegesRequiredOverridesAllowed=dialog
; The store lives in the user's AppData folder; uninstalling never deletes cases.
UninstallDisplayIcon={app}\advocate-app.exe

[Languages]
Name: "english"; MessagesFile: "compiler:Languages\EnglishBritish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\advocate-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Advocate"; Filename: "{app}\advocate-app.exe"
Name: "{autodesktop}\Advocate"; Filename: "{app}\advocate-app.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\advocate-app.exe"; Description: "{cm:LaunchProgram,Advocate}"; Flags: nowait postinstall skipifsilent
