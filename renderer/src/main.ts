import { DEFAULT_SETTINGS, type Settings, type ShortcutAction } from '../../electron/common/ipc.js';
import { Announcer } from './announcer.js';
import { applyAppearance } from './appearance.js';
import { type Bridge, connectBridge } from './bridge.js';
import { CameraViewPanel } from './cameraView.js';
import { ConversationPanel, type PanelDeps } from './conversation.js';
import { deviceProblem, platformOf } from './deviceHelp.js';
import { ModalDialogs } from './dialogs.js';
import { byId } from './dom.js';
import { FocusKeeper } from './focus.js';
import { HelpDialog } from './helpDialog.js';
import { HistoryViewPanel } from './historyView.js';
import { installKeyboard } from './keyboard.js';
import { MAX_QUESTION_SECONDS, Microphone } from './microphone.js';
import { PhotoViewPanel } from './photoView.js';
import { ScreenViewPanel } from './screenView.js';
import { SettingsViewPanel } from './settingsView.js';
import { SpeechOut } from './speechOut.js';
import { StatusLine } from './status.js';
import { type ViewName, ViewSwitcher } from './views.js';
import { WorkTracker } from './work.js';

/** Wires the views to the bridge. Everything the renderer does goes through `window.sightline`. */
function start(bridge: Bridge): void {
  let settings: Settings = DEFAULT_SETTINGS;
  let detailInitialised = false;
  const speech = new SpeechOut(bridge);
  const announcer: Announcer = new Announcer(
    byId('announce-polite'),
    byId('announce-assertive'),
    () => ({ politeness: settings.announce, screenReader: settings.screenReaderMode }),
    (text) => void speech.speak(text).then((spoken) => spoken || announcer.relay(text, false)),
  );
  const status = new StatusLine(announcer);
  const work = new WorkTracker(bridge, status);
  const dialogs = new ModalDialogs();
  const views = new ViewSwitcher();
  const focus = new FocusKeeper(() => views.current, (view) => views.show(view));
  views.setFocusInto((_view, heading) => focus.moveTo(heading));
  const platform = () => platformOf(navigator.userAgent, !/^https?:$/.test(location.protocol));

  let lastActive: ConversationPanel | null = null;
  let micPanel: ConversationPanel | null = null;
  const panelDeps = (view: ViewName): PanelDeps => ({
    bridge, work, status, announcer, speech, focus,
    settings: () => settings,
    onActive: (panel) => (lastActive = panel),
    toggleVoice: (panel) => {
      micPanel = panel;
      mic.toggle();
    },
    heading: () => views.heading(view),
  });
  const panel = (view: ViewName, empty: string) => new ConversationPanel(view, view, panelDeps(view), empty);
  const screenPanel = panel('screen', 'Nothing described yet. Describe the screen or read its text; the result and your questions about it appear here.');
  const photoPanel = panel('photo', 'No photo yet. Open one, drop an image file here, or paste an image; its description and your questions appear here.');
  const cameraPanel = panel('camera', 'No picture described yet. Start the camera and describe what it sees; the result and your questions appear here.');
  const historyPanel = panel('history', 'Choose an entry below to reopen its conversation here.');
  const panels: readonly ConversationPanel[] = [screenPanel, photoPanel, cameraPanel, historyPanel];
  // Cancelling the work (Escape, the Cancel button) also stops the stream: a block still on its way is not spoken.
  work.onCancel(() => panels.forEach((p) => p.stopStream()));

  const screen = new ScreenViewPanel(bridge, work, screenPanel, () => views.show('screen'));
  const detail = () => screen.detailLevel;
  const photo = new PhotoViewPanel(bridge, work, status, focus, photoPanel, detail, () => views.show('photo'));
  const camera = new CameraViewPanel(bridge, work, status, cameraPanel, detail, platform, () => views.show('camera'));
  const history = new HistoryViewPanel(bridge, work, status, dialogs, historyPanel);
  const settingsView = new SettingsViewPanel(bridge, work, status, announcer);
  const help = new HelpDialog(dialogs, () => settings);

  settingsView.onSettings((next) => {
    // The verbosity setting is the detail level's default; a detail chosen for one result stays until it changes.
    if (!detailInitialised || next.verbosity !== settings.verbosity) screen.setDetail(next.verbosity);
    detailInitialised = true;
    settings = next;
    applyAppearance(next);
    for (const p of panels) p.applyMode();
  });
  views.whenShown('history', () => void history.refresh());
  views.whenShown('settings', () => void settingsView.refreshModels(false));

  /** The conversation a spoken or typed question goes to: this view's, else the one that last had a result. */
  const askTarget = (): ConversationPanel | null => {
    const here = panels.find((p) => p.view === views.current);
    if (here?.canAsk) return here;
    return lastActive?.canAsk ? lastActive : null;
  };
  const NOTHING_TO_ASK = 'Describe the screen or open a photo first, then ask about it.';

  // The microphone's one indicator, in the status bar, visible in every view.
  const indicator = byId('mic-indicator');
  const mic: Microphone = new Microphone({
    canStart: () => {
      const target = micPanel?.canAsk ? micPanel : askTarget();
      if (!target) return NOTHING_TO_ASK;
      micPanel = target;
      views.show(target.view);
      target.voiceOpening(); // focus moves with the view, never left on a hidden element
      return null;
    },
    started: () => {
      micPanel?.voiceStarted();
      status.info('Listening.');
    },
    finished: (pcm, atLimit) => {
      status.info(atLimit ? `Stopped: ${MAX_QUESTION_SECONDS} seconds is the longest question.` : 'Stopped.');
      const target = micPanel;
      micPanel = null;
      if (target) void target.askSpoken(pcm);
    },
    ended: (message, failure) => {
      micPanel?.voiceEnded();
      micPanel = null;
      if (failure !== undefined) status.error(message || deviceProblem('microphone', failure, platform()));
      else if (message) status.info(message);
    },
    state: (state, latched) => {
      indicator.hidden = state === 'idle';
      indicator.textContent =
        state === 'opening' ? 'Microphone starting…' : latched ? 'Microphone on: tap F2 or press Stop and send to send, Escape to discard.' : 'Microphone on: let go of F2 to send, Escape to discard.';
      document.body.toggleAttribute('data-recording', state !== 'idle');
      micPanel?.voiceState(state !== 'idle');
    },
  });

  /** Stops what is going on, most recent first. True when something stopped. */
  const stopAll = async (): Promise<boolean> => {
    if (mic.discard()) return true;
    if (work.busy) {
      await work.cancelAll(); // "… cancelled." is said by the work that ended
      await speech.stop();
      return true;
    }
    const reading = panels.map((p) => p.stopReading()).some(Boolean);
    // In screen-reader mode Sightline's "speech" is text handed to the live regions, which the user's screen reader
    // reads and stops itself: nothing audible of Sightline's stopped, so Escape goes on to take focus back.
    const spoke = (await speech.stop()) && !settings.screenReaderMode;
    if (reading || spoke) status.info('Stopped.');
    return reading || spoke;
  };
  byId('stop-button').addEventListener('click', () => void stopAll().then((stopped) => stopped || status.info('Nothing to stop.')));

  const describeHere = () => {
    if (views.current === 'camera' && camera.running) void camera.describeNow();
    else if (views.current === 'photo' && photo.hasImage) void photo.describeCurrent();
    else void screen.describeScreen();
  };

  installKeyboard({
    help: () => help.open(),
    // Escape stops what is going on; with nothing going on it takes focus back to where it was.
    escape: () => void stopAll().then((stopped) => stopped || focus.returnFocus()),
    pushToTalkDown: () => mic.press(),
    pushToTalkUp: () => mic.release(),
    showView: (view) => views.show(view, { focus: true }),
    openPhoto: () => void photo.openPicker(),
    describeHere,
    dialogOpen: () => dialogs.anyOpen,
  });

  const focusQuestion = () => {
    const target = askTarget();
    if (!target) {
      status.error(NOTHING_TO_ASK);
      return;
    }
    views.show(target.view);
    target.focusQuestion();
  };

  // Global shortcuts arrive from main; running them here keeps focus and announcements in one place.
  const SHORTCUT_ACTIONS: Readonly<Record<ShortcutAction, () => void>> = Object.freeze({
    describeScreen: () => void screen.describeScreen(),
    readScreen: () => void screen.readScreen(),
    askImage: focusQuestion,
    stopSpeech: () => void stopAll(),
  });
  bridge.on('shortcut', ({ action }) => SHORTCUT_ACTIONS[action]?.());
  bridge.on('announce', ({ message, assertive, fallback }) => {
    if (fallback) announcer.relay(message, assertive);
    else announcer.announce(message, { urgent: assertive });
  });
  speech.onState((speaking) => document.body.toggleAttribute('data-speaking', speaking));
  bridge.on('screen-reader', ({ running, active }) => {
    const was = settings.screenReaderMode;
    settingsView.screenReaderChanged(active, running);
    if (active !== was) status.info(active ? 'A screen reader is running: Sightline stays silent and your screen reader reads.' : 'No screen reader now: Sightline speaks.');
  });

  views.show('screen');
  void settingsView.load().then(() => status.info('Sightline is ready. Press F1 for help and keyboard shortcuts.'));
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
