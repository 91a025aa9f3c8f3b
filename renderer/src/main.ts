import { DEFAULT_SETTINGS, type Settings, type ShortcutAction } from '../../electron/common/ipc.js';
import { Announcer } from './announcer.js';
import { type Bridge, connectBridge } from './bridge.js';
import { CameraViewPanel } from './cameraView.js';
import { DescribeViewPanel } from './describeView.js';
import { ModalDialogs } from './dialogs.js';
import { byId } from './dom.js';
import { applyAppearance } from './appearance.js';
import { HelpDialog } from './helpDialog.js';
import { HistoryViewPanel } from './historyView.js';
import { installKeyboard } from './keyboard.js';
import { PhotoViewPanel } from './photoView.js';
import { Presenter } from './presenter.js';
import { SettingsViewPanel } from './settingsView.js';
import { StatusLine } from './status.js';
import { ViewSwitcher } from './views.js';
import { WorkTracker } from './work.js';

/** Wires the views to the bridge. Everything the renderer does goes through `window.sightline`. */
function start(bridge: Bridge): void {
  let settings: Settings = DEFAULT_SETTINGS;
  let detailInitialised = false;
  const announcer = new Announcer(byId('announce-polite'), byId('announce-assertive'), () => settings.announce);
  const status = new StatusLine(announcer);
  const work = new WorkTracker(bridge, status);
  const presenter = new Presenter(bridge, announcer, status, () => settings);
  const dialogs = new ModalDialogs();
  const views = new ViewSwitcher();
  const describe = new DescribeViewPanel(bridge, work, presenter, status);
  const photo = new PhotoViewPanel(bridge, work, presenter, status, describe, () => views.show('photo'));
  const camera = new CameraViewPanel(bridge, work, status, describe);
  const history = new HistoryViewPanel(bridge, status, dialogs);
  const settingsView = new SettingsViewPanel(bridge, work, status, announcer);
  const help = new HelpDialog(dialogs, () => settings);

  settingsView.onSettings((next) => {
    // The verbosity setting is the detail level's default; a detail chosen for one result stays until it changes.
    if (!detailInitialised || next.verbosity !== settings.verbosity) describe.setDetail(next.verbosity);
    detailInitialised = true;
    settings = next;
    applyAppearance(next);
  });
  views.whenShown('history', () => void history.refresh());
  views.whenShown('settings', () => void settingsView.refreshModels(false));

  const stop = async () => {
    if (photo.cancelVoice()) {
      status.info('Recording cancelled.');
      return;
    }
    const cancelled = await work.cancelAll();
    await presenter.stopSpeech();
    if (!cancelled) status.info('Stopped.');
  };
  byId('stop-button').addEventListener('click', () => void stop());

  const describeHere = () => {
    if (views.current === 'camera' && camera.running) void camera.describeNow();
    else if (views.current === 'photo' && photo.hasImage) void photo.describeCurrent();
    else void describe.describeScreen();
  };

  installKeyboard({
    help: () => help.open(),
    escape: () => void stop(),
    pushToTalkDown: () => {
      views.show('photo');
      void photo.startVoice();
    },
    pushToTalkUp: () => void photo.finishVoice(),
    showView: (view) => views.show(view, { focus: true }),
    openPhoto: () => {
      views.show('photo');
      photo.openPicker();
    },
    describeHere,
    dialogOpen: () => dialogs.anyOpen,
  });

  // Global shortcuts arrive from main; running them here keeps focus and announcements in one place.
  const SHORTCUT_ACTIONS: Readonly<Record<ShortcutAction, () => void>> = Object.freeze({
    describeScreen: () => void describe.describeScreen(),
    readScreen: () => void describe.readScreen(),
    askImage: () => photo.focusQuestion(),
    stopSpeech: () => void stop(),
  });
  bridge.on('shortcut', ({ action }) => SHORTCUT_ACTIONS[action]?.());
  bridge.on('announce', ({ message, assertive }) => announcer.announce(message, { urgent: assertive }));
  bridge.on('speech-state', ({ speaking }) => document.body.toggleAttribute('data-speaking', speaking));

  views.show('describe');
  void settingsView.load().then(() => status.info('Sightline is ready. Press F1 for keyboard shortcuts.'));
}

function boot(): void {
  const bridge = connectBridge();
  if (bridge) {
    start(bridge);
    return;
  }
  const text = byId('status-text');
  text.textContent = "Sightline cannot reach its core: the bridge (window.sightline) is missing. Start Sightline with 'npm start' or 'npm run serve'.";
  text.classList.add('error');
  byId('announce-assertive').textContent = text.textContent;
}

boot();
