"use strict";
// The query page of `kg serve`: YASGUI on this server's /sparql, with a tab per named query.
(function () {
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const endpoint = window.location.origin + "/sparql";
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () {
        return [{ endpoint: endpoint }];
      },
      keys: [],
    },
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
    yasqe: { autocompleters: [], prefixCcApi: null },
  });
  const tabs = {};

  function open(example) {
    const known = tabs[example.name];
    if (known && yasgui.getTab(known)) {
      yasgui.selectTabId(known);
      return;
    }
    const tab = yasgui.addTab(true, {
      name: example.name,
      yasqe: { value: example.query },
      requestConfig: { endpoint: endpoint, method: "POST" },
    });
    tabs[example.name] = tab.getId();
  }

  const list = document.getElementById("examples-list");
  examples.forEach(function (example) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = example.name;
    button.title = example.description;
    button.addEventListener("click", function () {
      open(example);
    });
    list.appendChild(button);
  });
  examples.forEach(open);
  const first = examples.find(function (example) {
    return example.name === "claims";
  });
  if (first) {
    open(first);
  }
  window.kgYasgui = yasgui;
})();
