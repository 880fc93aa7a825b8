/*
 * Atbalsts: the idle warning and the draft of a page's form.
 *
 * The server ends a session after an idle limit (SessionLimitMiddleware). A minute before,
 * this script shows a dialog with the time left and "Stay signed in", which asks the server
 * to extend the session. What the person types into the page's forms is sent, encrypted at
 * rest on the server, as a draft (never kept in the browser): while typing, when the warning
 * shows and just before the limit. When the limit comes the page is loaded again, and the
 * server sends it to the login page, which returns here; the page then offers the draft.
 *
 * Every number and text comes from the page (#session-timeout, the dialog); none is fixed
 * here. Loaded with the CSP nonce; no inline handlers.
 */
(function () {
  "use strict";

  var config = document.getElementById("session-timeout");
  var dialog = document.getElementById("session-warning");
  if (!config || !dialog) {
    return;
  }

  var SAVE_DELAY_MS = 2000;
  var LAST_SAVE_BEFORE_END_S = 5;
  var SECRET_NAME = /password|passphrase|secret|token|otp|csrfmiddlewaretoken|^code$/i;
  var SECRET_AUTOCOMPLETE = /current-password|new-password|one-time-code/;
  var SKIPPED_TYPES = ["password", "hidden", "file", "submit", "button", "reset", "image"];

  var data = config.dataset;
  var warningSeconds = parseInt(data.warningSeconds, 10);
  var csrfToken = data.csrfToken;
  var isDraftable = data.isDraftable === "true";
  var deadline = Date.now() + parseInt(data.idleSecondsLeft, 10) * 1000;
  var countdown = dialog.querySelector("[data-session-countdown]");
  var stayButton = dialog.querySelector("[data-session-stay]");
  var errorText = dialog.querySelector("[data-session-error]");
  var timer = null;
  var ticker = null;
  var endTimer = null;
  var saveTimer = null;
  var isDirty = false;
  var lastSaved = null;
  var isEnding = false;

  function secondsLeft() {
    return Math.max(0, Math.round((deadline - Date.now()) / 1000));
  }

  function formatTime(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function request(method, url, body) {
    var options = {
      method: method,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options);
  }

  function isJson(response) {
    var type = response.headers.get("Content-Type") || "";
    return !response.redirected && type.indexOf("application/json") === 0;
  }

  /* --- Forms and drafts ----------------------------------------------------------------- */

  function draftableForms() {
    if (!isDraftable) {
      return [];
    }
    return Array.prototype.filter.call(
      document.querySelectorAll("main form"),
      function (form) {
        return (
          (form.getAttribute("method") || "get").toLowerCase() === "post" &&
          !form.hasAttribute("data-no-draft")
        );
      }
    );
  }

  function isDraftableField(field) {
    if (!field.name || field.disabled || SECRET_NAME.test(field.name)) {
      return false;
    }
    if (SECRET_AUTOCOMPLETE.test(field.getAttribute("autocomplete") || "")) {
      return false;
    }
    var tag = field.tagName.toLowerCase();
    if (tag === "select" || tag === "textarea") {
      return true;
    }
    return tag === "input" && SKIPPED_TYPES.indexOf((field.type || "text").toLowerCase()) < 0;
  }

  function collect() {
    var forms = {};
    draftableForms().forEach(function (form, index) {
      var entries = [];
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!isDraftableField(field)) {
          return;
        }
        if (field.type === "checkbox" || field.type === "radio") {
          entries.push([field.name, field.checked ? field.value : null]);
        } else if (field.tagName.toLowerCase() === "select" && field.multiple) {
          Array.prototype.forEach.call(field.options, function (option) {
            entries.push([field.name, option.selected ? option.value : null]);
          });
        } else {
          entries.push([field.name, field.value]);
        }
      });
      forms[String(index)] = entries;
    });
    return forms;
  }

  function sendDraft() {
    if (!isDraftable || !isDirty) {
      return Promise.resolve();
    }
    var forms = collect();
    var serialised = JSON.stringify(forms);
    if (serialised === lastSaved) {
      return Promise.resolve();
    }
    return request("POST", data.draftUrl, { path: window.location.pathname, forms: forms })
      .then(function (response) {
        if (response.status === 204) {
          lastSaved = serialised;
        }
      })
      .catch(function () {});
  }

  // One save at a time, each after the one before: the last one sent holds the latest text.
  var saving = Promise.resolve();
  function saveDraft() {
    window.clearTimeout(saveTimer);
    saving = saving.then(sendDraft);
    return saving;
  }

  function scheduleSave() {
    isDirty = true;
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(saveDraft, SAVE_DELAY_MS);
  }

  function restore(forms) {
    var pageForms = draftableForms();
    Object.keys(forms).forEach(function (key) {
      var form = pageForms[parseInt(key, 10)];
      if (!form) {
        return;
      }
      var entries = forms[key];
      var byName = {};
      entries.forEach(function (entry) {
        (byName[entry[0]] = byName[entry[0]] || []).push(entry[1]);
      });
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!isDraftableField(field) || !(field.name in byName)) {
          return;
        }
        var values = byName[field.name];
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = values.indexOf(field.value) >= 0;
        } else if (field.tagName.toLowerCase() === "select" && field.multiple) {
          Array.prototype.forEach.call(field.options, function (option) {
            option.selected = values.indexOf(option.value) >= 0;
          });
        } else {
          field.value = values.shift() || "";
          byName[field.name] = values;
        }
        field.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  function offerDraft() {
    var offer = document.getElementById("form-draft-offer");
    var main = document.querySelector("main");
    if (!offer || !main || data.hasDraft !== "true" || draftableForms().length === 0) {
      return;
    }
    var url = data.draftUrl + "?path=" + encodeURIComponent(window.location.pathname);
    request("GET", url)
      .then(function (response) {
        return response.ok && isJson(response) ? response.json() : null;
      })
      .then(function (draft) {
        if (!draft || !draft.forms) {
          return;
        }
        main.insertBefore(offer, main.firstChild);
        offer.hidden = false;
        offer.focus();
        var actions = offer.querySelector("[data-draft-actions]");
        offer.querySelector("[data-draft-restore]").addEventListener("click", function () {
          restore(draft.forms);
          isDirty = true;
          actions.hidden = true;
          offer.querySelector("[data-draft-offer-text]").hidden = true;
          offer.querySelector("[data-draft-restored]").hidden = false;
          var first = draftableForms()[0];
          var field = first && first.querySelector("textarea, input:not([type=hidden]), select");
          if (field) {
            field.focus();
          }
        });
        offer.querySelector("[data-draft-discard]").addEventListener("click", function () {
          var body = new URLSearchParams({ path: window.location.pathname });
          fetch(data.draftDiscardUrl, {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrfToken },
            body: body,
          }).catch(function () {});
          offer.hidden = true;
          main.focus();
        });
      })
      .catch(function () {});
  }

  /* --- The idle warning ----------------------------------------------------------------- */

  function schedule() {
    window.clearTimeout(timer);
    var untilWarning = secondsLeft() - warningSeconds;
    if (untilWarning > 0) {
      timer = window.setTimeout(checkThenWarn, untilWarning * 1000);
    } else {
      warn();
    }
  }

  // Another tab may have kept the session going: ask before warning (asking extends nothing).
  function checkThenWarn() {
    request("GET", data.sessionUrl)
      .then(function (response) {
        if (!isJson(response)) {
          end();
          return null;
        }
        return response.json();
      })
      .then(function (state) {
        if (!state) {
          return;
        }
        deadline = Date.now() + state.idle_seconds_left * 1000;
        schedule();
      })
      .catch(warn);
  }

  function showTime() {
    var left = secondsLeft();
    countdown.textContent = formatTime(left);
    if (left <= LAST_SAVE_BEFORE_END_S && !isEnding) {
      isEnding = true;
      saveDraft().then(function () {
        if (isEnding) {
          endTimer = window.setTimeout(end, Math.max(0, deadline - Date.now()) + 1000);
        }
      });
    }
  }

  function warn() {
    if (dialog.open) {
      return;
    }
    errorText.hidden = true;
    showTime();
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    stayButton.focus();
    ticker = window.setInterval(showTime, 1000);
    saveDraft();
  }

  function closeWarning() {
    window.clearInterval(ticker);
    if (dialog.open) {
      dialog.close();
    }
  }

  function staySignedIn() {
    request("POST", data.sessionUrl)
      .then(function (response) {
        if (!isJson(response)) {
          throw new Error("session ended");
        }
        return response.json();
      })
      .then(function (state) {
        isEnding = false;
        window.clearTimeout(endTimer);
        deadline = Date.now() + state.idle_seconds_left * 1000;
        closeWarning();
        schedule();
      })
      .catch(function () {
        errorText.hidden = false;
      });
  }

  // The page is asked for again: the server, finding the session over, sends the browser
  // to the login page, which brings the person back here.
  function end() {
    closeWarning();
    window.location.assign(window.location.href);
  }

  stayButton.addEventListener("click", staySignedIn);
  // Escape is "stay signed in" too: the dialog must not just vanish with the session ending.
  dialog.addEventListener("cancel", function (event) {
    event.preventDefault();
    staySignedIn();
  });

  draftableForms().forEach(function (form) {
    form.addEventListener("input", scheduleSave);
    form.addEventListener("change", scheduleSave);
  });

  offerDraft();
  schedule();
})();
