module hebbplay

go 1.26
