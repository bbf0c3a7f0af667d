// Events pages: remember the reader's time zone (the server then shows times in it, zone named), print buttons, and
// camera scanning on the staff check-in page where the browser has a BarcodeDetector (typing always works).
(function () {
  "use strict";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var known = document.cookie.split("; ").some(function (c) { return c === "tz=" + encodeURIComponent(zone); });
    if (zone && !known) {
      document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
      if (document.querySelector(".event-when") && !/[?&]tz=/.test(location.search)) { location.reload(); }
    }
  } catch (e) { /* no Intl: times stay in the event's zone */ }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });

  var camera = document.querySelector("[data-checkin-camera]");
  if (camera && "BarcodeDetector" in window && navigator.mediaDevices) {
    camera.hidden = false;
    var video = camera.querySelector("video");
    var form = document.getElementById("checkin-form");
    camera.querySelector("[data-camera-start]").addEventListener("click", function () {
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
        video.srcObject = stream;
        video.play();
        var scan = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length) {
              form.querySelector("input[name=code]").value = codes[0].rawValue;
              stream.getTracks().forEach(function (track) { track.stop(); });
              form.submit();
            } else {
              window.requestAnimationFrame(scan);
            }
          }).catch(function () { window.requestAnimationFrame(scan); });
        };
        scan();
      });
    });
  }
})();
